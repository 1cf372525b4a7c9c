import AttentionKernels

/// Expands a suite's matrix into parameter combinations, with GitHub Actions'
/// `include`/`exclude` semantics.
///
/// Order (deterministic, documented in docs/suites.md):
/// 1. The cartesian product of the matrix axes in file order, the first axis varying
///    slowest, values in listed order.
/// 2. `exclude` removes every combination whose resolved parameters (defaults applied)
///    equal all values of any exclude entry.
/// 3. Each `include` entry, in order, is compared with the combinations left after
///    step 2 on the keys it shares with the matrix. It extends every combination that
///    agrees on all of them with its other keys (later entries may overwrite what
///    earlier ones added, never a matrix value); an entry that agrees with none is
///    appended as a new case built from defaults plus the entry.
///
/// Without matrix axes every include entry is its own case, and a suite with neither
/// is one case made of its defaults.
enum CaseExpander {
    /// Largest matrix product a suite may expand to (every combination is held in memory
    /// while the suite is checked; 250 000 take about a few hundred MB).
    static let maxCombinations = 250_000

    /// One combination before defaults are applied, with the location that produced it.
    struct Combination {
        var values: ParameterAssignment
        /// The last matrix value of the combination in file order, or its include entry.
        var origin: SourceLocation
    }

    /// The combinations of `suite`, and diagnostics for a matrix that yields none.
    static func expand(_ suite: Suite) -> (combinations: [Combination], diagnostics: [SuiteDiagnostic]) {
        let topOfFile = SourceLocation(file: suite.file, line: 1, column: 1)
        guard !suite.matrix.isEmpty else {
            if suite.include.isEmpty { return ([Combination(values: [:], origin: topOfFile)], []) }
            return (suite.include.map { Combination(values: $0.values, origin: $0.location) }, [])
        }
        // An empty axis was reported by the parser; a product over it is empty.
        guard suite.matrix.allSatisfy({ !$0.values.isEmpty }) else { return ([], []) }
        // Refuse a product too large to hold before building it.
        let sizes = suite.matrix.map(\.values.count)
        let count = CheckedSize.productOrNil(sizes)
        if count.map({ $0 > maxCombinations }) ?? true {
            let product = sizes.map(String.init).joined(separator: " × ")
            let total = count.map(String.init) ?? "more than 2^63"
            return (
                [],
                [
                    SuiteDiagnostic(
                        .tooLarge, at: suite.matrixLocation ?? topOfFile,
                        "the matrix has \(total) combinations (\(product)); a suite may have at most \(maxCombinations) "
                            + "(split it into several suites, or run a part of it with --filter or --shard)")
                ]
            )
        }

        var diagnostics: [SuiteDiagnostic] = []
        let product = cartesianProduct(suite.matrix, fallback: suite.matrixLocation ?? topOfFile)
        let kept = product.filter { combination in
            let resolved = ResolvedParameters(defaults: suite.defaults, overrides: combination.values)
            return !suite.exclude.contains { resolved.matches($0.values) }
        }
        if kept.isEmpty {
            diagnostics.append(
                SuiteDiagnostic(
                    .emptyMatrix, at: suite.excludeLocation ?? topOfFile,
                    "exclude removes all \(product.count) combinations of the matrix, so it has no cases"))
        }
        let matrixKeys = Set(suite.matrix.map(\.parameter))
        var combinations = kept
        var added: [Combination] = []
        for entry in suite.include {
            let shared = entry.values.filter { matrixKeys.contains($0.key) }
            let extra = entry.values.filter { !matrixKeys.contains($0.key) }
            var matched = false
            for i in kept.indices where shared.allSatisfy({ combinations[i].values[$0.key]?.value == $0.value.value }) {
                matched = true
                combinations[i].values.merge(extra) { _, new in new }
            }
            if !matched { added.append(Combination(values: entry.values, origin: entry.location)) }
        }
        return (combinations + added, diagnostics)
    }

    /// Every combination of one value per axis; the first axis varies slowest.
    private static func cartesianProduct(_ axes: [MatrixAxis], fallback: SourceLocation) -> [Combination] {
        var result = [Combination(values: [:], origin: fallback)]
        for axis in axes {
            result = result.flatMap { partial in
                axis.values.map { value in
                    var next = partial
                    next.values[axis.parameter] = value
                    next.origin = partial.values.isEmpty ? value.location : max(partial.origin, value.location)
                    return next
                }
            }
        }
        return result
    }
}

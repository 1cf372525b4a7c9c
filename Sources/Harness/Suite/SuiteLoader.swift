import AttentionKernels
import Foundation

/// The entry point for `attnbench validate`, `list` and `run`: reads a suite file,
/// parses it, expands its matrix into cases and checks every case against the kernels,
/// collecting all problems before anything runs.
///
/// ```swift
/// let loader = SuiteLoader()
/// let check = loader.validate(path: "Suites/quick.yaml")
/// check.diagnostics.forEach { print($0) }          // validate
/// let expanded = try loader.load(path: "Suites/quick.yaml")
/// for c in expanded.cases { let plan = try c.makePlan(); … }   // run
/// ```
public struct SuiteLoader: Sendable {
    public var profiles: any HardwareProfileCatalog
    /// Cases that need more memory than this are refused, at the suite value that makes
    /// them large (nil: no limit).
    public var memory: MemoryBudget?

    /// `profiles` names the valid `profile` values and their SRAM sizes; `memory` is the
    /// limit cases are held to (by default `MemoryBudget.standard()`).
    public init(
        profiles: any HardwareProfileCatalog = SRAMProfileTable.standard,
        memory: MemoryBudget? = MemoryBudget.standard()
    ) {
        self.profiles = profiles
        self.memory = memory
    }

    /// Largest suite file read (a suite is a page of YAML; 16 MiB is far beyond any).
    public static let maxSuiteBytes = 16 << 20

    /// Reads and checks the suite at `path` (named in diagnostics as given).
    public func validate(path: String) -> SuiteValidation {
        let data: Data
        do {
            data = try InputFile.readAll(path, limit: Self.maxSuiteBytes, what: "suite file")
        } catch {
            let why =
                FileManager.default.fileExists(atPath: path)
                ? "cannot read the suite file: \(error.reason)" : "no such suite file"
            return SuiteValidation(
                suite: nil, cases: [], diagnostics: [SuiteDiagnostic(.syntax, at: .wholeFile(path), why)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return SuiteValidation(
                suite: nil, cases: [],
                diagnostics: [SuiteDiagnostic(.syntax, at: .wholeFile(path), "the suite file is not UTF-8 text")])
        }
        var validation = validate(yaml: text, file: path)
        validation.sha256 = SHA256.hex(data)
        return validation
    }

    /// Checks suite text; `file` is the name diagnostics use.
    public func validate(yaml: String, file: String) -> SuiteValidation {
        let (parsed, parseDiagnostics) = SuiteParser(profiles: profiles).parse(yaml: yaml, file: file)
        guard let suite = parsed else { return SuiteValidation(suite: nil, cases: [], diagnostics: parseDiagnostics) }
        var diagnostics = parseDiagnostics
        let (combinations, expansionDiagnostics) = CaseExpander.expand(suite)
        diagnostics += expansionDiagnostics

        let builder = CaseBuilder(defaults: suite.defaults, profiles: profiles, memory: memory, measure: suite.measure)
        var cases: [SuiteCase] = []
        var combinationOfCase: [CaseExpander.Combination] = []
        var failures: [(failure: CaseBuilder.Failure, count: Int)] = []
        for combination in combinations {
            switch builder.build(combination) {
            case .success(let c):
                cases.append(c)
                combinationOfCase.append(combination)
            case .failure(let refused):
                // One mistake in defaults or a matrix value can refuse many cases: say it once
                // (cases over the memory limit once per place, with the largest need).
                for f in refused.all {
                    if let i = failures.firstIndex(where: {
                        $0.failure.location == f.location
                            && ($0.failure.memory != nil && f.memory != nil || $0.failure.message == f.message)
                    }) {
                        failures[i].count += 1
                        if let mine = f.memory, let theirs = failures[i].failure.memory,
                            (mine.bytes ?? Int.max) > (theirs.bytes ?? Int.max)
                        {
                            failures[i].failure = f
                        }
                    } else {
                        failures.append((f, 1))
                    }
                }
            }
        }
        for (f, count) in failures {
            if let needed = f.memory, count > 1, let memory,
                let message = memory.refusal(
                    "the largest of these \(count) cases", needs: needed.bytes, detail: needed.detail)
            {
                diagnostics.append(SuiteDiagnostic(f.kind, at: f.location, message))
                continue
            }
            let scope = count > 1 ? " (\(count) cases)" : ""
            diagnostics.append(SuiteDiagnostic(f.kind, at: f.location, f.message + scope))
        }
        if suite.measure.interleave, let memory,
            let refusal = Self.interleavedRefusal(cases, measure: suite.measure, memory: memory)
        {
            diagnostics.append(SuiteDiagnostic(.tooLarge, at: suite.matrixLocation ?? .wholeFile(file), refusal))
        }
        diagnostics += duplicateDiagnostics(cases, combinationOfCase, suite: suite)
        diagnostics += SRAMSimulationCheck.diagnostics(cases, suite: suite)
        if cases.isEmpty && diagnostics.isEmpty {
            diagnostics.append(
                SuiteDiagnostic(.emptyMatrix, at: suite.matrixLocation ?? .wholeFile(file), "the suite has no cases"))
        }
        diagnostics.sort { $0.location < $1.location }
        return SuiteValidation(suite: suite, cases: cases, diagnostics: diagnostics)
    }

    /// Why `cases` cannot run interleaved under `memory`, or nil. Interleaving keeps every
    /// case's inputs and buffers alive until the last round, so their needs add up.
    public static func interleavedRefusal(_ cases: [SuiteCase], measure: MeasureSpec, memory: MemoryBudget) -> String? {
        var total = 0
        for c in cases {
            let bytes = CaseMemory(
                shape: c.shape, options: c.options, maxSamples: measure.maxSamples,
                counters: measure.counters.count
            ).total
            guard let bytes, let sum = try? CheckedSize.sum(total, bytes) else {
                total = Int.max
                break
            }
            total = sum
        }
        return memory.refusal(
            "interleaving keeps all \(cases.count) cases in memory at once, which",
            needs: total == Int.max ? nil : total)
    }

    /// The suite and its cases, or every problem found.
    public func load(path: String) throws(SuiteValidationError) -> ExpandedSuite {
        try validate(path: path).expanded()
    }

    /// The suite and its cases from text, or every problem found.
    public func load(yaml: String, file: String) throws(SuiteValidationError) -> ExpandedSuite {
        try validate(yaml: yaml, file: file).expanded()
    }

    /// Cases sharing an id run the same parameters. Each later one is reported at the
    /// first suite value where it differs in origin from the earlier one.
    private func duplicateDiagnostics(
        _ cases: [SuiteCase], _ combinations: [CaseExpander.Combination],
        suite: Suite
    ) -> [SuiteDiagnostic] {
        var firstIndex: [String: Int] = [:]
        var result: [SuiteDiagnostic] = []
        for (i, c) in cases.enumerated() {
            guard let j = firstIndex[c.id] else { firstIndex[c.id] = i; continue }
            let mine = combinations[i].values, theirs = combinations[j].values
            let differing = SuiteParameter.allCases.first { p in
                mine[p].map { $0.location != theirs[p]?.location } ?? false
            }
            let location = differing.flatMap { mine[$0]?.location } ?? c.origin
            result.append(
                SuiteDiagnostic(
                    .duplicateCase, at: location,
                    "duplicate case id '\(c.id)': same parameters as the case from \(cases[j].origin); remove one of them"
                ))
        }
        return result
    }
}

/// What checking a suite found: the suite (when it parsed), the cases that can run,
/// and every problem in file order. Run nothing unless `isValid`.
public struct SuiteValidation: Sendable {
    public var suite: Suite?
    public var cases: [SuiteCase]
    public var diagnostics: [SuiteDiagnostic]
    /// SHA-256 (hex) of the bytes read, when read from a file: the file is read once, so
    /// the hash a run records is of exactly what was validated (even from a pipe).
    public var sha256: String?

    public init(suite: Suite?, cases: [SuiteCase], diagnostics: [SuiteDiagnostic], sha256: String? = nil) {
        self.suite = suite
        self.cases = cases
        self.diagnostics = diagnostics
        self.sha256 = sha256
    }

    public var isValid: Bool { suite != nil && diagnostics.isEmpty }

    /// The runnable suite, or the diagnostics as an error.
    public func expanded() throws(SuiteValidationError) -> ExpandedSuite {
        guard let suite, diagnostics.isEmpty else { throw SuiteValidationError(diagnostics) }
        return ExpandedSuite(suite: suite, cases: cases)
    }
}

/// A valid suite and its cases, in expansion order.
public struct ExpandedSuite: Sendable {
    public var suite: Suite
    public var cases: [SuiteCase]
}

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

    /// `profiles` names the valid `profile` values and their SRAM sizes.
    public init(profiles: any HardwareProfileCatalog = SRAMProfileTable.standard) {
        self.profiles = profiles
    }

    /// Reads and checks the suite at `path` (named in diagnostics as given).
    public func validate(path: String) -> SuiteValidation {
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "cannot read the suite file" : "no such suite file"
            return SuiteValidation(suite: nil, cases: [], diagnostics: [SuiteDiagnostic(.syntax, at: .wholeFile(path), why)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return SuiteValidation(suite: nil, cases: [],
                                   diagnostics: [SuiteDiagnostic(.syntax, at: .wholeFile(path), "the suite file is not UTF-8 text")])
        }
        return validate(yaml: text, file: path)
    }

    /// Checks suite text; `file` is the name diagnostics use.
    public func validate(yaml: String, file: String) -> SuiteValidation {
        let (parsed, parseDiagnostics) = SuiteParser(profiles: profiles).parse(yaml: yaml, file: file)
        guard let suite = parsed else { return SuiteValidation(suite: nil, cases: [], diagnostics: parseDiagnostics) }
        var diagnostics = parseDiagnostics
        let (combinations, expansionDiagnostics) = CaseExpander.expand(suite)
        diagnostics += expansionDiagnostics

        let builder = CaseBuilder(defaults: suite.defaults, profiles: profiles)
        var cases: [SuiteCase] = []
        var combinationOfCase: [CaseExpander.Combination] = []
        var failures: [(failure: CaseBuilder.Failure, count: Int)] = []
        for combination in combinations {
            switch builder.build(combination) {
            case .success(let c):
                cases.append(c)
                combinationOfCase.append(combination)
            case .failure(let refused):
                // One mistake in defaults or a matrix value can refuse many cases: say it once.
                for f in refused.all {
                    if let i = failures.firstIndex(where: { $0.failure.location == f.location && $0.failure.message == f.message }) {
                        failures[i].count += 1
                    } else {
                        failures.append((f, 1))
                    }
                }
            }
        }
        for (f, count) in failures {
            let scope = count > 1 ? " (\(count) cases)" : ""
            diagnostics.append(SuiteDiagnostic(f.kind, at: f.location, f.message + scope))
        }
        diagnostics += duplicateDiagnostics(cases, combinationOfCase, suite: suite)
        diagnostics += SRAMSimulationCheck.diagnostics(cases, suite: suite)
        if cases.isEmpty && diagnostics.isEmpty {
            diagnostics.append(SuiteDiagnostic(.emptyMatrix, at: suite.matrixLocation ?? .wholeFile(file), "the suite has no cases"))
        }
        diagnostics.sort { $0.location < $1.location }
        return SuiteValidation(suite: suite, cases: cases, diagnostics: diagnostics)
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
    private func duplicateDiagnostics(_ cases: [SuiteCase], _ combinations: [CaseExpander.Combination],
                                      suite: Suite) -> [SuiteDiagnostic] {
        var firstIndex: [String: Int] = [:]
        var result: [SuiteDiagnostic] = []
        for (i, c) in cases.enumerated() {
            guard let j = firstIndex[c.id] else { firstIndex[c.id] = i; continue }
            let mine = combinations[i].values, theirs = combinations[j].values
            let differing = SuiteParameter.allCases.first { p in mine[p].map { $0.location != theirs[p]?.location } ?? false }
            let location = differing.flatMap { mine[$0]?.location } ?? c.origin
            result.append(SuiteDiagnostic(.duplicateCase, at: location,
                "duplicate case id '\(c.id)': same parameters as the case from \(cases[j].origin); remove one of them"))
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

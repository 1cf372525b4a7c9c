import Dispatch
import Harness

/// A comparison of two runs of a suite (or a run against a baseline): cases matched by
/// id, a verdict per case, deterministic checks, and warnings about the runs themselves.
///
/// ```swift
/// let comparison = Comparison(base: try RunRecordStore.load(basePath),
///                             current: try RunRecordStore.load(currentPath),
///                             options: ComparisonOptions(timingGates: false))
/// print(try ComparisonMarkdownRenderer().render(comparison))
/// exit(comparison.exitStatus)
/// ```
public struct Comparison: Encodable, Equatable, Sendable {
    /// Who and what was compared.
    public struct RunIdentity: Encodable, Equatable, Sendable {
        public var suite: String
        public var host: String
        public var startedAt: String
        public var gitCommit: String?
        public var toolVersion: String
        public var partial: Bool
        /// False when the record has no raw samples (a baseline saved without them).
        public var hasSamples: Bool
        /// Process invocations the run was made of (1 for an ordinary run).
        public var invocations: Int

        init(_ run: RunRecord) {
            suite = run.suite.name
            host = run.environment.host
            startedAt = run.startedAt
            gitCommit = run.environment.gitCommit
            toolVersion = run.tool.version
            partial = run.partial
            hasSamples = run.cases.contains { !$0.samples.isEmpty }
            invocations = run.invocations?.count ?? 1
        }
    }

    public var base: RunIdentity
    public var current: RunIdentity
    /// Relative timing threshold in force (0.10 = 10 %).
    public var threshold: Double
    public var alpha: Double
    public var confidenceLevel: Double
    public var timingGated: Bool
    public var strict: Bool
    /// The checks in force (suite's, with overrides).
    public var checks: [String: CheckSpec]
    /// Matched and new cases in the current run's order, then missing cases in the base's.
    public var cases: [CaseComparison]
    public var warnings: [ComparisonWarning]

    /// Compares `current` against `base` (a run or a baseline).
    public init(base: RunRecord, current: RunRecord, options: ComparisonOptions = ComparisonOptions()) {
        let checks = options.effectiveChecks(base: base, current: current)
        let threshold = options.effectiveThreshold(checks: checks)
        self.base = RunIdentity(base)
        self.current = RunIdentity(current)
        self.threshold = threshold
        self.alpha = options.alpha
        self.confidenceLevel = options.confidenceLevel
        self.timingGated = options.timingGates
        self.strict = options.strict
        self.checks = checks

        let requested = Set(base.counters.requested + current.counters.requested)
        let baseByID = Dictionary(base.cases.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let currentIDs = Set(current.cases.map(\.id))
        var seen = Set<String>()
        let ordered = current.cases.filter { seen.insert($0.id).inserted }
        // Cases are independent (each has its own seeded bootstrap stream), so they are
        // compared in parallel; the results are the same in any order.
        var compared = [CaseComparison?](repeating: nil, count: ordered.count)
        compared.withUnsafeMutableBufferPointer { slots in
            let out = slots
            DispatchQueue.concurrentPerform(iterations: ordered.count) { i in
                let record = ordered[i]
                guard let old = baseByID[record.id] else {
                    out[i] = CaseComparison(id: record.id, verdict: .new)
                    return
                }
                var result = Self.compareCase(
                    base: old, current: record, checks: checks, requested: requested,
                    threshold: threshold, options: options)
                result.functionChanges = SimulatedChecks.functionChanges(base: old, current: record)
                out[i] = result
            }
        }
        var results = compared.compactMap { $0 }
        for record in base.cases where !currentIDs.contains(record.id) && seen.insert(record.id).inserted {
            results.append(CaseComparison(id: record.id, verdict: .missing))
        }
        self.cases = results
        self.warnings = Self.warnings(
            base: base, current: current, cases: results, checks: checks,
            requested: requested, options: options)
    }

    private static func compareCase(
        base: CaseRecord, current: CaseRecord, checks: [String: CheckSpec],
        requested: Set<String>, threshold: Double, options: ComparisonOptions
    ) -> CaseComparison {
        var results = DeterministicChecks.evaluate(checks: checks, base: base, current: current, requested: requested)
        if current.status == .failed {
            results.insert(
                CheckResult(
                    check: "status", rule: "ok", baseValue: nil, currentValue: nil, outcome: .failed,
                    message: "the case failed in the current run: " + (current.reason ?? "see its notes")), at: 0)
            return CaseComparison(
                id: current.id, verdict: .inconclusive, checks: results,
                note: "failed in the current run")
        }
        if base.status == .failed {
            return CaseComparison(
                id: current.id, verdict: .inconclusive, checks: results, note: "failed in the base run")
        }
        // A skipped case (a capability its implementation lacks) has nothing to compare; not a failure.
        if current.status == .skipped || base.status == .skipped {
            let side = current.status == .skipped ? "current" : "base"
            let why = (current.status == .skipped ? current : base).reason.map { ": \($0)" } ?? ""
            return CaseComparison(id: current.id, verdict: .inconclusive, note: "skipped in the \(side) run\(why)")
        }
        let measured =
            options.pairedRounds
            ? TimingComparison.comparePaired(base: base, current: current, options: options)
            : TimingComparison.compareInvocations(base: base, current: current, options: options)
                ?? TimingComparison.compare(base: base, current: current, options: options)
        guard let timing = measured else {
            return CaseComparison(
                id: current.id, verdict: .inconclusive, checks: results, note: "no timing on one side")
        }
        let verdict = Verdict.timing(timing, threshold: threshold, alpha: options.alpha)
        let between = timing.measuresBetweenProcessNoise
        return CaseComparison(
            id: current.id, verdict: verdict, timing: timing, checks: results,
            note: between || verdict == .unchanged ? nil : Self.fewInvocationsNote(timing),
            gatesOnTiming: between || options.strict)
    }

    /// What a verdict from fewer than `TimingComparison.minimumInvocations` invocations a
    /// side cannot know.
    static func fewInvocationsNote(_ timing: TimingComparison) -> String {
        let fewest = min(timing.baseInvocations, timing.currentInvocations)
        return fewest <= 1
            ? "single invocation: between-process noise not measured"
            : "\(fewest) invocations: too few to measure between-process noise (\(TimingComparison.minimumInvocations) a side needed)"
    }
}

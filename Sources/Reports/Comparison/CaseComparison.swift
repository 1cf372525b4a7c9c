/// One case's comparison: the timing verdict and every deterministic check.
public struct CaseComparison: Encodable, Equatable, Sendable {
    public var id: String
    public var verdict: Verdict
    /// Nil for new and missing cases, and when a side has no timing.
    public var timing: TimingComparison?
    public var checks: [CheckResult]
    /// Why the verdict is what it is when the numbers do not say it (failed case, no timing,
    /// single invocation).
    public var note: String?
    /// Whether a `slower` verdict may fail the comparison (when timing gates at all): the
    /// timing measured between-process noise (`TimingComparison.measuresBetweenProcessNoise`),
    /// or the comparison is strict.
    public var gatesOnTiming: Bool
    /// When the simulated instruction count changed: the functions whose own counts changed
    /// most (a differential profile), largest change first.
    public var functionChanges: [FunctionChange]?

    public init(
        id: String, verdict: Verdict, timing: TimingComparison? = nil, checks: [CheckResult] = [],
        note: String? = nil, gatesOnTiming: Bool = true, functionChanges: [FunctionChange]? = nil
    ) {
        self.id = id
        self.verdict = verdict
        self.timing = timing
        self.checks = checks
        self.note = note
        self.gatesOnTiming = gatesOnTiming
        self.functionChanges = functionChanges
    }

    /// Checks that failed (each one fails the comparison).
    public var failedChecks: [CheckResult] { checks.filter { $0.outcome == .failed } }

    /// Whether this case fails the comparison given whether timing gates.
    public func fails(timingGated: Bool) -> Bool {
        !failedChecks.isEmpty || (timingGated && gatesOnTiming && verdict == .slower)
    }
}

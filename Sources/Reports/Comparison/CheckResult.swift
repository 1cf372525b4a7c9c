/// Outcome of one deterministic check (modeled bytes, FLOPs, accuracy, exact counters)
/// on one case. These metrics do not depend on machine noise, so they gate even on
/// shared CI runners.
public struct CheckResult: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        case passed
        case failed
        /// Not evaluated (metric absent from the base, or counter unavailable).
        case skipped
    }

    /// Check name as in the suite's `checks` (`hbm_bytes`, `rmse`, `counter:PAPI_TOT_INS`…).
    public var check: String
    /// The rule applied, for people: `exact`, `max 1e-05`, `tolerance 1%`, `max_regression 10%`.
    public var rule: String
    public var baseValue: Double?
    public var currentValue: Double?
    public var outcome: Outcome
    /// Why it failed or was skipped, or what passed.
    public var message: String

    public init(
        check: String, rule: String, baseValue: Double?, currentValue: Double?, outcome: Outcome, message: String
    ) {
        self.check = check
        self.rule = rule
        self.baseValue = baseValue
        self.currentValue = currentValue
        self.outcome = outcome
        self.message = message
    }
}

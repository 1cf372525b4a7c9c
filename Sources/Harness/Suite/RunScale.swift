/// How large a run is about to be, and whether `run` should warn or ask first.
///
/// A suite can expand to more cases than anyone meant (a matrix of six keys with ten
/// values each is a million cases). `run` warns above `warningCases` cases or
/// `warningSeconds` of estimated time, and refuses to start above `confirmationCases` or
/// `confirmationSeconds` unless given `--yes` or the suite says `large: true`.
public struct RunScale: Equatable, Sendable {
    public static let warningCases = 1_000
    public static let warningSeconds = 3600.0
    public static let confirmationCases = 10_000
    public static let confirmationSeconds = 12 * 3600.0

    public let cases: Int
    /// `CaseCostModel`'s estimate for all of them, seconds.
    public let estimatedSeconds: Double

    public init(cases: [SuiteCase], measure: MeasureSpec, model: CaseCostModel = CaseCostModel()) {
        self.cases = cases.count
        estimatedSeconds = cases.reduce(0) { $0 + model.cost(of: $1, measure: measure).estimatedSeconds }
    }

    public init(cases: Int, estimatedSeconds: Double) {
        self.cases = cases
        self.estimatedSeconds = estimatedSeconds
    }

    public var needsConfirmation: Bool {
        cases > Self.confirmationCases || estimatedSeconds > Self.confirmationSeconds
    }

    public var deservesWarning: Bool {
        cases > Self.warningCases || estimatedSeconds > Self.warningSeconds
    }

    /// `100000 cases, estimated 4.2 h`.
    public var summary: String {
        let s = estimatedSeconds
        let time =
            s >= 3600
            ? String(format: "%.1f h", s / 3600)
            : s >= 60
                ? String(format: "%.0f min", s / 60)
                : String(format: "%.0f s", s)
        return "\(cases) cases, estimated \(time)"
    }
}

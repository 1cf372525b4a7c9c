import Foundation
import Harness

/// How `compare` decides. Every value has a default suited to CI; the CLI maps
/// `--threshold`, `--alpha`, `--strict` and `--timing` onto it.
public struct ComparisonOptions: Equatable, Sendable {
    /// Default relative timing threshold when neither the options nor the suite's
    /// `checks.time.max_regression` give one.
    public static let defaultThreshold = 0.10

    /// Relative change of the median wall time that counts (0.10 = 10 %). Nil: the
    /// suite's `checks.time.max_regression`, else `defaultThreshold`.
    public var threshold: Double?
    /// Significance level of the Mann-Whitney U test.
    public var alpha: Double
    /// Whether timing regressions fail the comparison. Off on shared CI runners, where
    /// noise from other tenants swamps real changes: then only deterministic checks gate.
    /// Even on, a case whose timing does not measure between-process noise (a side with
    /// fewer than 3 invocations) gates only under `strict`.
    public var timingGates: Bool
    /// Turn environment differences (host, CPU, build, suite, tool version) from warnings
    /// into failures, and let timing verdicts of single-invocation runs gate.
    public var strict: Bool
    /// Confidence level of the bootstrap interval of the ratio of medians.
    public var confidenceLevel: Double
    /// Bootstrap resamples per case.
    public var resamples: Int
    /// Seed of the bootstrap (each case's stream is derived from it and the case id).
    public var seed: UInt64
    /// Fewer samples than this on either side: compare the stored summaries instead.
    public var minimumSamples: Int
    /// Checks that replace the suite's entries with the same name (e.g. a stricter
    /// `rmse` bound, or `time` with another `max_regression`).
    public var checkOverrides: [String: CheckSpec]
    /// The two runs are the sides of `ab`: their invocations are rounds run alternately on
    /// the same machine, so timing is compared round by round (`comparePaired`).
    public var pairedRounds: Bool

    public init(
        threshold: Double? = nil, alpha: Double = 0.05, timingGates: Bool = true, strict: Bool = false,
        confidenceLevel: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 0xA77_B3AC,
        minimumSamples: Int = 3, checkOverrides: [String: CheckSpec] = [:], pairedRounds: Bool = false
    ) {
        self.threshold = threshold
        self.alpha = alpha
        self.timingGates = timingGates
        self.strict = strict
        self.confidenceLevel = confidenceLevel
        self.resamples = resamples
        self.seed = seed
        self.minimumSamples = minimumSamples
        self.checkOverrides = checkOverrides
        self.pairedRounds = pairedRounds
    }

    /// Parses a threshold as typed on the command line or in YAML: `10%` → 0.10,
    /// `0.1` → 0.10, `2.5 %` → 0.025. Nil for anything else (negative, not a number).
    public static func parseFraction(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let isPercent = trimmed.hasSuffix("%")
        let number = isPercent ? String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces) : trimmed
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        return isPercent ? value / 100 : value
    }

    /// The checks in force: the current run's suite checks (the base's when the current
    /// run has none), with `checkOverrides` on top, and a tolerance check for every
    /// simulated counter the runs requested (`SimulatedChecks.expand`).
    func effectiveChecks(base: RunRecord, current: RunRecord) -> [String: CheckSpec] {
        var checks = current.suite.checks.isEmpty ? base.suite.checks : current.suite.checks
        for (name, spec) in checkOverrides { checks[name] = spec }
        return SimulatedChecks.expand(checks, base: base, current: current)
    }

    /// The timing threshold in force given the effective checks.
    func effectiveThreshold(checks: [String: CheckSpec]) -> Double {
        threshold ?? checks[TimingComparison.checkName]?.maxRegression ?? Self.defaultThreshold
    }
}

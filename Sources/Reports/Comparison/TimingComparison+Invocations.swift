import AttentionKernels
import Foundation
import Harness

/// Timing verdicts on process invocations: the level where most of a machine's timing noise
/// is (Kalibera & Jones, "Rigorous benchmarking in reasonable time", 2013).
extension TimingComparison {
    /// Fewest invocations a side needs for `compareInvocations`; below it a comparison can
    /// not see between-process noise and its timing verdict does not gate by default.
    public static let minimumInvocations = 3

    /// Whether the verdict accounts for between-process noise: invocation-level or paired
    /// statistics, or summaries of runs with at least `minimumInvocations` invocations a side.
    public var measuresBetweenProcessNoise: Bool {
        switch basis {
        case .invocations, .rounds: return true
        case .samples, .summaries: return min(baseInvocations, currentInvocations) >= Self.minimumInvocations
        }
    }

    /// Two multi-invocation runs (at least `minimumInvocations` invocations a side, else
    /// nil), compared on their invocations:
    ///
    /// - medians: the median of the per-invocation medians of each side;
    /// - interval of current/base: two-level bootstrap (`ratioOfMediansOfMediansInterval`:
    ///   each side's invocations resampled, then the samples within them), seeded per case;
    /// - p-value: two-sided Mann-Whitney U on the per-invocation medians, which treats each
    ///   process as one observation. It needs 4 invocations a side to reach p < 0.05 at all
    ///   (5: p ≥ 0.008); with 3 a warning says so.
    public static func compareInvocations(
        base: CaseRecord, current: CaseRecord,
        options: ComparisonOptions
    ) -> TimingComparison? {
        let b = base.wallNsByInvocation.map(\.values), c = current.wallNsByInvocation.map(\.values)
        guard b.count >= minimumInvocations, c.count >= minimumInvocations else { return nil }
        var rng = SplitMix64(seed: options.seed, label: current.id)
        let ci = Bootstrap(resamples: options.resamples, confidence: options.confidenceLevel)
            .ratioOfMediansOfMediansInterval(base: b, current: c, using: &rng)
        let test = MannWhitney.test(b.map { Quantile.median($0) }, c.map { Quantile.median($0) })
        return TimingComparison(
            basis: .invocations, baseMedianNs: Bootstrap.medianOfMedians(b),
            currentMedianNs: Bootstrap.medianOfMedians(c),
            baseCount: b.reduce(0) { $0 + $1.count }, currentCount: c.reduce(0) { $0 + $1.count },
            ratioLow: ci.low, ratioHigh: ci.high, pValue: test?.pValue,
            test: test.map { Test($0.method) }, baseInvocations: b.count, currentInvocations: c.count)
    }

    /// The two sides of `ab`, paired by round (the invocation index of each sample): for
    /// every round both sides finished, r = median(current) / median(base) of that round.
    ///
    /// - change: the geometric mean of the r, minus 1;
    /// - interval: percentile bootstrap of the mean of log r over rounds, exponentiated;
    /// - p-value: `SignFlipTest` on the log r (six rounds are the fewest that can reach 0.05);
    /// - medians shown: the median over paired rounds of each side's round medians.
    ///
    /// Nil when no round has samples on both sides.
    public static func comparePaired(
        base: CaseRecord, current: CaseRecord,
        options: ComparisonOptions
    ) -> TimingComparison? {
        let b = Dictionary(base.wallNsByInvocation.map { ($0.invocation, $0.values) }, uniquingKeysWith: { a, _ in a })
        let c = Dictionary(
            current.wallNsByInvocation.map { ($0.invocation, $0.values) }, uniquingKeysWith: { a, _ in a })
        let rounds = b.keys.filter { c[$0] != nil }.sorted()
        guard !rounds.isEmpty else { return nil }
        let baseMedians = rounds.map { Quantile.median(b[$0] ?? []) }
        let currentMedians = rounds.map { Quantile.median(c[$0] ?? []) }
        let logs = zip(currentMedians, baseMedians).map { log($0 / $1) }
        guard logs.allSatisfy(\.isFinite) else { return nil }
        var rng = SplitMix64(seed: options.seed, label: current.id)
        let ci = Bootstrap(resamples: options.resamples, confidence: options.confidenceLevel).meanInterval(
            logs, using: &rng)
        let test = SignFlipTest.test(logs)
        let meanLog = logs.reduce(0, +) / Double(logs.count)
        return TimingComparison(
            basis: .rounds, baseMedianNs: Quantile.median(baseMedians),
            currentMedianNs: Quantile.median(currentMedians),
            baseCount: rounds.reduce(0) { $0 + (b[$1]?.count ?? 0) },
            currentCount: rounds.reduce(0) { $0 + (c[$1]?.count ?? 0) },
            ratioLow: exp(ci.low), ratioHigh: exp(ci.high), pValue: test.pValue,
            test: test.method == .exact ? .signFlip : .signFlipSampled,
            relativeChange: exp(meanLog) - 1, baseInvocations: rounds.count,
            currentInvocations: rounds.count)
    }

    /// Smallest p-value the test of this comparison could give with its counts.
    public var smallestPossiblePValue: Double {
        switch basis {
        case .samples: return Self.smallestPossiblePValue(baseCount, currentCount)
        case .invocations: return Self.smallestPossiblePValue(baseInvocations, currentInvocations)
        case .rounds: return SignFlipTest.smallestPossiblePValue(baseInvocations)
        case .summaries: return 0
        }
    }
}

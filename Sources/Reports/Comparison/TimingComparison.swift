import AttentionKernels
import Foundation
import Harness

/// Wall-time comparison of one case between two runs.
///
/// With at least `minimumInvocations` process invocations a side (`basis == .invocations`,
/// see `compareInvocations`) or paired `ab` rounds (`basis == .rounds`, see
/// `comparePaired`), the statistics are over invocations. Otherwise:
/// with raw samples on both sides (`basis == .samples`): medians of the samples, a
/// seeded percentile-bootstrap interval of median(current)/median(base), and a two-sided
/// Mann-Whitney U p-value. With a side lacking samples (a baseline saved without them,
/// `basis == .summaries`): the stored medians and their 95 % intervals; the ratio's
/// interval is the conservative [cur.low/base.high, cur.high/base.low], which excludes 1
/// exactly when the two intervals do not overlap, and there is no p-value.
public struct TimingComparison: Codable, Equatable, Sendable {
    /// Name of the suite check holding the timing threshold (`time: {max_regression: 10%}`).
    public static let checkName = "time"
    /// Statistic the comparison uses.
    public static let metric = "wall_ns"

    /// What the numbers were computed from.
    public enum Basis: String, Codable, Sendable {
        /// Samples pooled within the runs (fewer than `minimumInvocations` a side).
        case samples
        /// Stored medians and intervals (a side without samples, e.g. a baseline).
        case summaries
        /// Per-invocation medians of multi-invocation runs.
        case invocations
        /// Paired per-round ratios of `ab`.
        case rounds
    }

    /// The test that gave `pValue`.
    public enum Test: String, Codable, Sendable {
        /// Mann-Whitney U, exact null distribution.
        case exact
        /// Mann-Whitney U, normal approximation.
        case asymptotic
        /// Sign-flip permutation test over every sign pattern.
        case signFlip = "sign-flip"
        /// Sign-flip permutation test on seeded random sign patterns (many rounds).
        case signFlipSampled = "sign-flip-sampled"

        init(_ method: MannWhitney.Method) { self = method == .exact ? .exact : .asymptotic }
    }

    public var basis: Basis
    public var baseMedianNs: Double
    public var currentMedianNs: Double
    public var baseCount: Int
    public var currentCount: Int
    /// current/base − 1 (positive: slower).
    public var relativeChange: Double
    /// Confidence interval of current/base.
    public var ratioLow: Double
    public var ratioHigh: Double
    /// Two-sided p-value (see `test`); nil for `basis == .summaries`.
    public var pValue: Double?
    public var test: Test?
    /// Process invocations a side's timing comes from (for `.rounds`: paired rounds).
    public var baseInvocations: Int
    public var currentInvocations: Int

    /// `relativeChange` defaults to current/base − 1 of the medians; paired comparisons pass
    /// their own estimate.
    public init(
        basis: Basis, baseMedianNs: Double, currentMedianNs: Double, baseCount: Int, currentCount: Int,
        ratioLow: Double, ratioHigh: Double, pValue: Double?, test: Test?, relativeChange: Double? = nil,
        baseInvocations: Int = 1, currentInvocations: Int = 1
    ) {
        self.basis = basis
        self.baseMedianNs = baseMedianNs
        self.currentMedianNs = currentMedianNs
        self.baseCount = baseCount
        self.currentCount = currentCount
        self.relativeChange = relativeChange ?? currentMedianNs / baseMedianNs - 1
        self.ratioLow = ratioLow
        self.ratioHigh = ratioHigh
        self.pValue = pValue
        self.test = test
        self.baseInvocations = baseInvocations
        self.currentInvocations = currentInvocations
    }

    /// The interval of the ratio excludes 1 and (when there is one) p < alpha.
    public func isSignificant(alpha: Double) -> Bool {
        let excludesOne = ratioLow > 1 || ratioHigh < 1
        return excludesOne && (pValue.map { $0 < alpha } ?? true)
    }

    /// Compares the wall time of two records of the same case; nil when either has no
    /// timing at all (no samples and no `wall_ns` summary).
    public static func compare(
        base: CaseRecord, current: CaseRecord,
        options: ComparisonOptions
    ) -> TimingComparison? {
        let b = base.samples.map { Double($0.wallNs) }
        let c = current.samples.map { Double($0.wallNs) }
        if b.count >= options.minimumSamples && c.count >= options.minimumSamples {
            var rng = SplitMix64(seed: options.seed, label: current.id)
            let ci = Bootstrap(resamples: options.resamples, confidence: options.confidenceLevel)
                .ratioOfMediansInterval(base: b, current: c, using: &rng)
            let test = MannWhitney.test(b, c)
            return TimingComparison(
                basis: .samples, baseMedianNs: Quantile.median(b),
                currentMedianNs: Quantile.median(c), baseCount: b.count, currentCount: c.count,
                ratioLow: ci.low, ratioHigh: ci.high, pValue: test?.pValue, test: test.map { Test($0.method) },
                baseInvocations: base.invocationCount, currentInvocations: current.invocationCount)
        }
        guard let sb = summary(of: base, samples: b, seed: options.seed),
            let sc = summary(of: current, samples: c, seed: options.seed)
        else { return nil }
        return TimingComparison(
            basis: .summaries, baseMedianNs: sb.median, currentMedianNs: sc.median,
            baseCount: sb.count, currentCount: sc.count,
            ratioLow: sc.ciLow / sb.ciHigh, ratioHigh: sc.ciHigh / sb.ciLow,
            pValue: nil, test: nil,
            baseInvocations: base.invocationCount, currentInvocations: current.invocationCount)
    }

    /// The stored wall-time summary, or one computed from the samples.
    private static func summary(of record: CaseRecord, samples: [Double], seed: UInt64) -> Summary? {
        record.statistics[metric] ?? Summary(samples: samples, seed: seed)
    }

    /// Smallest two-sided p-value the test can produce for these sample counts (exact
    /// method): with fewer than 5 samples a side it is above 0.05 and nothing can be
    /// significant.
    public static func smallestPossiblePValue(_ n1: Int, _ n2: Int) -> Double {
        guard n1 > 0, n2 > 0 else { return 1 }
        // P(U ≥ n1·n2) = 1 / C(n1 + n2, n1). The exact distribution needs n1·n2 + 1
        // doubles, which large sample counts cannot afford; beyond small counts use the
        // binomial coefficient through log-gamma (the value is only compared with alpha).
        guard n1.multipliedReportingOverflow(by: n2).partialValue <= 10_000, n1 <= 10_000, n2 <= 10_000 else {
            let logChoose = lgamma(Double(n1 + n2 + 1)) - lgamma(Double(n1 + 1)) - lgamma(Double(n2 + 1))
            return Swift.min(1, 2 * exp(-logChoose))
        }
        return Swift.min(1, 2 * MannWhitney.exactUpperTail(u: n1 * n2, n1: n1, n2: n2))
    }
}

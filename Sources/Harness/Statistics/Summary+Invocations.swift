import AttentionKernels

/// Statistics of samples taken in several process invocations (`run --invocations N`).
extension Summary {
    /// Summarizes values grouped by invocation; nil when there are none. With one non-empty
    /// group this is exactly `Summary(samples:)`. Otherwise:
    ///
    /// - median: the median of the per-invocation medians, so that each process counts once
    ///   however many samples it took;
    /// - ciLow/ciHigh: `Bootstrap.medianOfMediansInterval` (invocations resampled, then the
    ///   samples within them), drawing from the same stream as `Summary(samples:)`;
    /// - invocations: the number of non-empty groups;
    /// - betweenInvocationSpread: 1.4826·MAD/median of the per-invocation medians;
    /// - withinInvocationSpread: the median over invocations of 1.4826·MAD/median of each
    ///   invocation's values (1.4826·MAD estimates the standard deviation of normal data
    ///   without being thrown by a few preempted samples, so both read like a coefficient
    ///   of variation and can be set side by side);
    /// - count, mean, stddev, min, max, p90, mad, cv and outliers: over all values pooled
    ///   (outlier indices count through the groups in order).
    public init?(
        invocations groups: [[Double]], bootstrap: Bootstrap = Bootstrap(), seed: UInt64 = Summary.bootstrapSeed
    ) {
        let groups = groups.filter { !$0.isEmpty }
        guard groups.count > 1 else {
            guard let only = groups.first else { return nil }
            self.init(samples: only, bootstrap: bootstrap, seed: seed)
            return
        }
        let pooled = groups.flatMap { $0 }
        guard var summary = Summary(samples: pooled, bootstrap: Bootstrap(resamples: 0), seed: seed) else { return nil }
        var rng = Xoshiro256StarStar(seed: seed, stream: Self.bootstrapStream)
        let ci = bootstrap.medianOfMediansInterval(groups, using: &rng)
        let medians = groups.map { Quantile.median($0) }
        summary.median = Quantile.median(medians)
        summary.ciLow = ci.low
        summary.ciHigh = ci.high
        summary.invocations = groups.count
        summary.betweenInvocationSpread = Self.relativeSpread(medians)
        summary.withinInvocationSpread = Quantile.median(groups.map(Self.relativeSpread))
        self = summary
    }

    /// 1.4826·MAD/median of `values`: 0 for a single value or a zero median.
    static func relativeSpread(_ values: [Double]) -> Double {
        let median = Quantile.median(values)
        guard values.count > 1, median != 0, median.isFinite else { return 0 }
        let mad = Quantile.median(values.map { abs($0 - median) })
        return MADOutlierRule.normalConsistency * mad / abs(median)
    }
}

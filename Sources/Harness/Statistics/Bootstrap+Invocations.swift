/// Intervals for samples grouped by process invocation (`run --invocations N`, `ab`).
///
/// Most of the variance of a timing on a real machine is between processes (code and data
/// placement, the core and frequency a process lands on), not between the samples of one
/// process, so an interval from pooled samples is far too narrow. The two-level bootstrap
/// (Davison & Hinkley 1997, §3.8; the "resample at every level" scheme that Kalibera & Jones
/// 2013 use for benchmark invocations) resamples the invocations with replacement, then the
/// samples within each chosen invocation, and takes the median of the resampled
/// invocations' medians. Resampling both levels counts the within-process noise twice, so
/// the interval errs on the wide side when that noise dominates (the tests state how far).
extension Bootstrap {
    /// The median of the per-group medians (the hierarchical median); NaN when no group
    /// has values. Empty groups are ignored.
    public static func medianOfMedians(_ groups: [[Double]]) -> Double {
        Quantile.median(groups.filter { !$0.isEmpty }.map { Quantile.median($0) })
    }

    /// Two-level percentile interval of `medianOfMedians(groups)`; NaN for no values.
    /// With one group it is the ordinary interval of that group's median.
    public func medianOfMediansInterval<G: RandomNumberGenerator>(_ groups: [[Double]], using rng: inout G)
        -> (low: Double, high: Double)
    {
        let groups = groups.filter { !$0.isEmpty }
        guard !groups.isEmpty, resamples > 0 else {
            let x = Self.medianOfMedians(groups)
            return (x, x)
        }
        var resampler = GroupResampler(groups)
        var estimates = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples { estimates[r] = resampler.medianOfMedians(&rng) }
        return percentileInterval(&estimates)
    }

    /// Two-level percentile interval of medianOfMedians(current) / medianOfMedians(base),
    /// each side resampled independently; NaN when a side has no values.
    public func ratioOfMediansOfMediansInterval<G: RandomNumberGenerator>(
        base: [[Double]], current: [[Double]],
        using rng: inout G
    ) -> (low: Double, high: Double) {
        let b = base.filter { !$0.isEmpty }, c = current.filter { !$0.isEmpty }
        guard !b.isEmpty, !c.isEmpty, resamples > 0 else { return (.nan, .nan) }
        var baseResampler = GroupResampler(b), currentResampler = GroupResampler(c)
        var ratios = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            let denominator = baseResampler.medianOfMedians(&rng)
            ratios[r] = currentResampler.medianOfMedians(&rng) / denominator
        }
        return percentileInterval(&ratios)
    }

    /// Percentile interval of the mean of `values` (e.g. paired per-round log ratios of
    /// `ab`); NaN for none.
    public func meanInterval<G: RandomNumberGenerator>(_ values: [Double], using rng: inout G)
        -> (low: Double, high: Double)
    {
        guard !values.isEmpty else { return (.nan, .nan) }
        guard values.count > 1, resamples > 0 else { return (values[0], values[0]) }
        let n = values.count
        var means = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            var sum = 0.0
            for _ in 0..<n { sum += values[Self.index(below: n, &rng)] }
            means[r] = sum / Double(n)
        }
        return percentileInterval(&means)
    }
}

/// Two-level resamples of fixed groups: each group keeps its `Bootstrap.ResampledMedian`
/// (medians of resamples by counting ranks), so a draw allocates nothing.
private struct GroupResampler {
    var groups: [Bootstrap.ResampledMedian]
    var medians: [Double]

    init(_ groups: [[Double]]) {
        self.groups = groups.map { Bootstrap.ResampledMedian($0) }
        medians = [Double](repeating: 0, count: groups.count)
    }

    /// One draw: pick as many groups as there are (with replacement), resample each picked
    /// group's values, and return the median of those medians.
    mutating func medianOfMedians<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
        let m = groups.count
        for slot in 0..<m {
            let g = m == 1 ? 0 : Bootstrap.index(below: m, &rng)
            medians[slot] = groups[g].next(&rng)
        }
        medians.sort()
        return Quantile.median(sorted: medians)
    }
}

import Harness

/// Builds a `Summary` from raw values. The runner computes the summaries stored in
/// run.json; this builder is for records that lack one (a metric present only as
/// samples) — e.g. before samples are stripped from a baseline — and for tests.
public enum SummaryBuilder {
    /// Descriptive statistics of `values` with a seeded bootstrap 95 % CI of the median
    /// and outliers beyond median ± 3·1.4826·MAD (indices into `values`). Nil if empty.
    public static func summarize(_ values: [Double], resamples: Int = 1000, seed: UInt64 = 0x5eed) -> Summary? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let n = Double(values.count)
        let median = Quantiles.quantile(sorted, 0.5)
        let mean = values.reduce(0, +) / n
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        let stddev = variance.squareRoot()
        let mad = Quantiles.median(values.map { abs($0 - median) })
        let (low, high) = Bootstrap.medianInterval(values, resamples: resamples, level: 0.95,
                                                   generator: SeededGenerator(seed: seed))
        let limit = 3 * 1.4826 * mad
        let outliers = mad > 0 ? values.indices.filter { abs(values[$0] - median) > limit } : []
        return Summary(count: values.count, median: median, mean: mean, stddev: stddev,
                       min: sorted[0], max: sorted[sorted.count - 1], p90: Quantiles.quantile(sorted, 0.9),
                       mad: mad, cv: mean != 0 ? stddev / mean : 0, ciLow: low, ciHigh: high, outliers: outliers)
    }
}

import AttentionKernels

/// Descriptive statistics of raw samples (timings or counter values) for run records.
extension Summary {
    /// The bootstrap's default seed, so every run record's intervals repeat.
    public static let bootstrapSeed: UInt64 = 0x5EED_B007
    /// The `Xoshiro256StarStar` stream the bootstrap draws from.
    static let bootstrapStream: UInt64 = 0xB0075

    /// Summarizes `samples`; nil when there are none.
    ///
    /// - stddev: sample standard deviation (n − 1 in the denominator); 0 for one sample.
    /// - p90: `Quantile.linear` at 0.9 (type 7, as NumPy and R compute it).
    /// - mad: median absolute deviation from the median, unscaled.
    /// - cv: stddev / mean; 0 when the mean is 0.
    /// - ciLow/ciHigh: `Bootstrap.medianInterval` (percentile bootstrap, 2000 resamples by
    ///   default) drawing from `Xoshiro256StarStar(seed: seed, stream: bootstrapStream)`.
    /// - outliers: `MADOutlierRule` (|x − median| > 3·1.4826·MAD), indices into `samples`.
    public init?(samples: [Double], bootstrap: Bootstrap = Bootstrap(), seed: UInt64 = Summary.bootstrapSeed) {
        guard !samples.isEmpty else { return nil }
        let n = samples.count
        let sorted = samples.sorted()
        let median = Quantile.median(sorted: sorted)
        let mean = samples.reduce(0, +) / Double(n)
        let squares = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let stddev = n > 1 ? (squares / Double(n - 1)).squareRoot() : 0
        let mad = Quantile.median(sorted: samples.map { abs($0 - median) }.sorted())
        var rng = Xoshiro256StarStar(seed: seed, stream: Self.bootstrapStream)
        let ci = bootstrap.medianInterval(samples, using: &rng)
        self.init(
            count: n, median: median, mean: mean, stddev: stddev, min: sorted[0], max: sorted[n - 1],
            p90: Quantile.linear(sorted: sorted, 0.9), mad: mad, cv: mean != 0 ? stddev / mean : 0,
            ciLow: ci.low, ciHigh: ci.high,
            outliers: MADOutlierRule.indices(of: samples, median: median, mad: mad))
    }
}

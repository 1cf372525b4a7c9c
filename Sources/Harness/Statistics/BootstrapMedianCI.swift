import AttentionKernels

/// A percentile-bootstrap confidence interval of the median.
///
/// Draws `resamples` samples of the same size with replacement, takes each one's
/// median, and returns the (1−c)/2 and (1+c)/2 linear quantiles of those medians
/// (Efron's percentile interval). It assumes nothing about the distribution of
/// timings, which are skewed and often multi-modal.
///
/// Deterministic: the draws come from `GaussianSource` (xoshiro256**, seeded), and
/// indices are drawn without modulo bias by Lemire's multiply-and-reject, so the same
/// samples give the same interval on every machine.
public struct BootstrapMedianCI: Sendable {
    public var resamples: Int
    public var confidence: Double
    public var seed: UInt64

    public init(resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64 = 0x5EED_B007) {
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }

    /// The interval for `samples`; both ends equal the value for a single sample and
    /// are NaN for none.
    public func interval(_ samples: [Double]) -> (low: Double, high: Double) {
        let n = samples.count
        guard n > 1, resamples > 0 else {
            let x = samples.first ?? .nan
            return (x, x)
        }
        var rng = GaussianSource(seed: seed, stream: 0xB0075)
        var medians = [Double](repeating: 0, count: resamples)
        var draw = [Double](repeating: 0, count: n)
        for r in 0..<resamples {
            for i in 0..<n { draw[i] = samples[Self.index(below: n, &rng)] }
            draw.sort()
            medians[r] = Quantile.median(sorted: draw)
        }
        medians.sort()
        let tail = (1 - confidence) / 2
        return (Quantile.linear(sorted: medians, tail), Quantile.linear(sorted: medians, 1 - tail))
    }

    /// Uniform in 0..<n (Lemire 2019: the high word of x·n, rejecting the low words
    /// below 2⁶⁴ mod n).
    static func index(below n: Int, _ rng: inout GaussianSource) -> Int {
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let product = rng.next().multipliedFullWidth(by: bound)
            if product.low >= threshold { return Int(product.high) }
        }
    }
}

/// Percentile-bootstrap confidence intervals (Efron): resample with replacement
/// `resamples` times, compute the statistic of each resample, and take the (1−c)/2 and
/// (1+c)/2 linear quantiles of those statistics. It assumes nothing about the
/// distribution of timings, which are skewed and often multi-modal.
///
/// The one bootstrap of the project: run statistics use it for the interval of a median
/// (`Summary`), `compare` for the interval of a ratio of medians. Deterministic: draws
/// come from the seeded generator the caller passes, indices without modulo bias by
/// Lemire's multiply-and-reject, so the same samples give the same interval everywhere.
public struct Bootstrap: Sendable {
    public var resamples: Int
    public var confidence: Double

    public init(resamples: Int = 2000, confidence: Double = 0.95) {
        self.resamples = resamples
        self.confidence = confidence
    }

    /// The interval of the median of `samples`; both ends equal the value for a single
    /// sample and are NaN for none.
    public func medianInterval<G: RandomNumberGenerator>(_ samples: [Double], using rng: inout G)
        -> (low: Double, high: Double) {
        guard samples.count > 1, resamples > 0 else {
            let x = samples.first ?? .nan
            return (x, x)
        }
        var medians = [Double](repeating: 0, count: resamples)
        var scratch = [Double](repeating: 0, count: samples.count)
        for r in 0..<resamples { medians[r] = Self.resampledMedian(samples, into: &scratch, &rng) }
        return percentileInterval(&medians)
    }

    /// The interval of `median(current) / median(base)`, each group resampled
    /// independently; NaN when either group is empty.
    public func ratioOfMediansInterval<G: RandomNumberGenerator>(base: [Double], current: [Double],
                                                                 using rng: inout G) -> (low: Double, high: Double) {
        guard !base.isEmpty, !current.isEmpty, resamples > 0 else { return (.nan, .nan) }
        var ratios = [Double](repeating: 0, count: resamples)
        var scratchBase = [Double](repeating: 0, count: base.count)
        var scratchCurrent = [Double](repeating: 0, count: current.count)
        for r in 0..<resamples {
            let b = Self.resampledMedian(base, into: &scratchBase, &rng)
            let c = Self.resampledMedian(current, into: &scratchCurrent, &rng)
            ratios[r] = c / b
        }
        return percentileInterval(&ratios)
    }

    /// Uniform in 0..<n (Lemire 2019: the high word of x·n, rejecting the low words
    /// below 2⁶⁴ mod n). Written out rather than `Int.random(in:using:)` so the draws
    /// cannot change with the standard library's implementation.
    static func index<G: RandomNumberGenerator>(below n: Int, _ rng: inout G) -> Int {
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let product = rng.next().multipliedFullWidth(by: bound)
            if product.low >= threshold { return Int(product.high) }
        }
    }

    func percentileInterval(_ estimates: inout [Double]) -> (low: Double, high: Double) {
        estimates.sort()
        let tail = (1 - confidence) / 2
        return (Quantile.linear(sorted: estimates, tail), Quantile.linear(sorted: estimates, 1 - tail))
    }

    /// The median of one resample of `values` (drawn into `scratch`, same count).
    static func resampledMedian<G: RandomNumberGenerator>(_ values: [Double], into scratch: inout [Double],
                                                                  _ rng: inout G) -> Double {
        let n = values.count
        values.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                for i in 0..<n { target[i] = source[index(below: n, &rng)] }
            }
        }
        return scratch.withUnsafeMutableBufferPointer { buffer in
            sortSmall(buffer)
            let n = buffer.count
            return n % 2 == 1 ? buffer[n / 2] : (buffer[n / 2 - 1] + buffer[n / 2]) / 2
        }
    }

    /// Insertion sort for the small arrays of the inner loop (tens of samples), where it
    /// beats the generic sort, notably in unoptimized test builds; larger inputs use `sort`.
    private static func sortSmall(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard buffer.count <= 128 else {
            var whole = buffer
            whole.sort()
            return
        }
        var i = 1
        while i < buffer.count {
            let value = buffer[i]
            var j = i - 1
            while j >= 0 && buffer[j] > value {
                buffer[j + 1] = buffer[j]
                j -= 1
            }
            buffer[j + 1] = value
            i += 1
        }
    }
}

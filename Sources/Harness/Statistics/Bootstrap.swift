import AttentionKernels

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
        -> (low: Double, high: Double)
    {
        guard samples.count > 1, resamples > 0 else {
            let x = samples.first ?? .nan
            return (x, x)
        }
        var medians = [Double](repeating: 0, count: resamples)
        var resampled = ResampledMedian(samples)
        for r in 0..<resamples { medians[r] = resampled.next(&rng) }
        return percentileInterval(&medians)
    }

    /// The interval of `median(current) / median(base)`, each group resampled
    /// independently; NaN when either group is empty.
    public func ratioOfMediansInterval<G: RandomNumberGenerator>(
        base: [Double], current: [Double],
        using rng: inout G
    ) -> (low: Double, high: Double) {
        guard !base.isEmpty, !current.isEmpty, resamples > 0 else { return (.nan, .nan) }
        var ratios = [Double](repeating: 0, count: resamples)
        var baseMedians = ResampledMedian(base), currentMedians = ResampledMedian(current)
        // `compare` draws from SplitMix64, which can draw eight indices at once (the same
        // numbers): one dynamic cast per interval instead of one per draw.
        if G.self == SplitMix64.self, var fast = rng as? SplitMix64 {
            for r in 0..<resamples {
                let b = baseMedians.next(bulk: &fast)
                ratios[r] = currentMedians.next(bulk: &fast) / b
            }
            if let back = fast as? G { rng = back }
        } else {
            for r in 0..<resamples {
                let b = baseMedians.next(&rng)
                ratios[r] = currentMedians.next(&rng) / b
            }
        }
        return percentileInterval(&ratios)
    }

    /// Uniform in 0..<n (Lemire 2019: the high word of x·n, rejecting the low words
    /// below 2⁶⁴ mod n). Written out rather than `Int.random(in:using:)` so the draws
    /// cannot change with the standard library's implementation. (`SplitMix64.indices`
    /// draws the same numbers eight at a time.)
    static func index<G: RandomNumberGenerator>(below n: Int, _ rng: inout G) -> Int {
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let product = rng.next().multipliedFullWidth(by: bound)
            if product.low >= threshold { return Int(product.high) }
        }
    }

    /// Medians of resamples (with replacement) of fixed values, in time linear in their
    /// number: a resample's median is found by counting how often each rank was drawn
    /// instead of sorting the resample. Ranks order the values (ties by position), so the
    /// k-th smallest drawn rank is the k-th smallest drawn value, and every median (so
    /// every interval and verdict) is exactly that of sorting the resample.
    ///
    /// Why: sorting each of 2000 resamples per case made `compare` of a 24 000-case run
    /// take minutes.
    struct ResampledMedian {
        let sorted: [Double]
        /// The rank in `sorted` of each value.
        let rank: [Int32]
        /// How often each rank was drawn in the current resample, and the indices drawn.
        var counts: [Int32]
        var drawn: [Int32]

        init(_ values: [Double]) {
            let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
            sorted = order.map { values[$0] }
            var rank = [Int32](repeating: 0, count: values.count)
            for (r, i) in order.enumerated() { rank[i] = Int32(truncatingIfNeeded: r) }
            self.rank = rank
            counts = [Int32](repeating: 0, count: values.count)
            drawn = [Int32](repeating: 0, count: values.count)
        }

        /// The median of one resample drawn with `Bootstrap.index`.
        mutating func next<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
            let n = sorted.count
            drawn.withUnsafeMutableBufferPointer { d in
                for i in 0..<n { d[i] = Int32(truncatingIfNeeded: Bootstrap.index(below: n, &rng)) }
            }
            return medianOfDrawn()
        }

        /// The same, with the indices drawn eight at a time.
        mutating func next(bulk rng: inout SplitMix64) -> Double {
            let n = sorted.count
            drawn.withUnsafeMutableBufferPointer { rng.indices(below: n, into: $0) }
            return medianOfDrawn()
        }

        private mutating func medianOfDrawn() -> Double {
            let n = sorted.count
            return rank.withUnsafeBufferPointer { rank in
                counts.withUnsafeMutableBufferPointer { counts in
                    for i in drawn { counts[Int(rank[Int(i)])] &+= 1 }
                    // The (n−1)/2-th and n/2-th smallest drawn ranks (the same for odd n).
                    let lowTarget = (n - 1) / 2, highTarget = n / 2
                    var seen = 0, low = -1, high = -1, r = 0
                    while high < 0 {
                        seen += Int(counts[r])
                        if low < 0 && seen > lowTarget { low = r }
                        if seen > highTarget { high = r }
                        r += 1
                    }
                    counts.update(repeating: 0)
                    return n % 2 == 1 ? sorted[high] : (sorted[low] + sorted[high]) / 2
                }
            }
        }
    }

    /// The percentile interval (`Quantile.linear` of the sorted estimates), found by
    /// selection instead of sorting: only four order statistics are needed.
    func percentileInterval(_ estimates: inout [Double]) -> (low: Double, high: Double) {
        let tail = (1 - confidence) / 2
        guard !estimates.isEmpty, !estimates.contains(where: \.isNaN) else {
            estimates.sort()
            return (Quantile.linear(sorted: estimates, tail), Quantile.linear(sorted: estimates, 1 - tail))
        }
        return estimates.withUnsafeMutableBufferPointer { a in
            let low = Self.quantile(a, tail, from: 0)
            let high = Self.quantile(a, 1 - tail, from: low.upper)
            return (low.value, high.value)
        }
    }

    /// `Quantile.linear` at `p`, given that every order statistic below `from` is already
    /// in place; returns the value and the index of the upper order statistic used.
    private static func quantile(_ a: UnsafeMutableBufferPointer<Double>, _ p: Double, from start: Int)
        -> (value: Double, upper: Int)
    {
        let n = a.count
        let h = Double(n - 1) * Swift.min(Swift.max(p, 0), 1)
        let lower = Int(h.rounded(.down)), upper = Swift.min(lower + 1, n - 1)
        select(a, lower, in: Swift.min(start, lower)..<n)
        // Everything after `lower` is at least a[lower]: the next order statistic is their minimum.
        if upper > lower {
            var m = upper
            for i in (upper + 1)..<Swift.max(upper + 1, n) where a[i] < a[m] { m = i }
            a.swapAt(upper, m)
        }
        return (a[lower] + (h - Double(lower)) * (a[upper] - a[lower]), upper)
    }

    /// Moves the k-th smallest of `a[range]` to index k, smaller ones before it and larger
    /// ones after (quickselect with a median-of-three pivot).
    private static func select(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int, in range: Range<Int>) {
        var lo = range.lowerBound, hi = range.upperBound - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while pivot < a[j] { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }
}

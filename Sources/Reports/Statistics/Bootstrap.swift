import Harness

/// Percentile-bootstrap confidence interval of a ratio of medians, seeded so results
/// repeat (the interval of one median is `BootstrapMedianCI` in Harness).
public enum Bootstrap {
    /// Percentile bootstrap interval of `median(current) / median(base)`: each group is
    /// resampled with replacement independently, `resamples` times.
    public static func ratioOfMediansInterval(base: [Double], current: [Double], resamples: Int, level: Double,
                                              generator: SeededGenerator) -> (low: Double, high: Double) {
        guard !base.isEmpty, !current.isEmpty else { return (.nan, .nan) }
        var rng = generator
        var ratios = [Double](repeating: 0, count: resamples)
        var baseMedians = ResampledMedian(base), currentMedians = ResampledMedian(current)
        for r in 0..<resamples {
            let b = baseMedians.next(&rng)
            let c = currentMedians.next(&rng)
            ratios[r] = c / b
        }
        return interval(&ratios, level: level)
    }

    /// Medians of resamples (with replacement) of fixed values, in time linear in their
    /// number: a resample's median is found by counting how often each rank was drawn
    /// instead of sorting the resample. Ranks order the values (ties by position), so the
    /// k-th smallest drawn rank is the k-th smallest drawn value, and the medians (and so
    /// every interval and verdict) are exactly those of sorting each resample.
    ///
    /// Why: `compare` bootstraps every case 2000 times; sorting each resample made a
    /// comparison of 24 000 cases of 50 samples take minutes.
    struct ResampledMedian {
        let values: [Double]
        /// Values in ascending order, and the rank in that order of each value.
        let sorted: [Double]
        let rank: [Int]
        /// How often each rank was drawn in the current resample.
        var counts: [Int32]
        /// The indices drawn for the current resample.
        var drawn: [Int32]

        init(_ values: [Double]) {
            self.values = values
            let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
            sorted = order.map { values[$0] }
            var rank = [Int](repeating: 0, count: values.count)
            for (r, i) in order.enumerated() { rank[i] = r }
            self.rank = rank
            counts = [Int32](repeating: 0, count: values.count)
            drawn = [Int32](repeating: 0, count: values.count)
        }

        /// The median of one resample, drawing `values.count` indices from `rng` exactly as
        /// sorting the drawn values would have.
        mutating func next(_ rng: inout SeededGenerator) -> Double {
            let n = values.count
            drawn.withUnsafeMutableBufferPointer { rng.indices(below: n, into: $0) }
            return rank.withUnsafeBufferPointer { rank in
                counts.withUnsafeMutableBufferPointer { counts in
                    for i in drawn { counts[rank[Int(i)]] &+= 1 }
                    // The (n−1)/2-th and n/2-th smallest drawn ranks (equal for odd n).
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

    /// The percentile interval of the estimates (linear interpolation, as `Quantile.linear`
    /// on the sorted estimates). Found by selection instead of sorting: only four order
    /// statistics are needed, and the result is the same.
    private static func interval(_ estimates: inout [Double], level: Double) -> (low: Double, high: Double) {
        let tail = (1 - level) / 2
        guard !estimates.isEmpty, !estimates.contains(where: \.isNaN) else {
            estimates.sort()
            return (Quantile.linear(sorted: estimates, tail), Quantile.linear(sorted: estimates, 1 - tail))
        }
        return estimates.withUnsafeMutableBufferPointer { a in
            let low = quantile(a, tail, from: 0)
            let high = quantile(a, 1 - tail, from: low.upper)
            return (low.value, high.value)
        }
    }

    /// `Quantile.linear` at `p`, given that every order statistic below `from` is already
    /// in place; returns the value and the index of the upper order statistic used.
    private static func quantile(_ a: UnsafeMutableBufferPointer<Double>, _ p: Double, from start: Int) -> (value: Double, upper: Int) {
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

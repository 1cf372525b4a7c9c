/// Order statistics of sorted samples.
public enum Quantile {
    /// The middle value; the mean of the two middle values for an even count.
    /// `sorted` must be ascending and non-empty.
    public static func median(sorted: [Double]) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The `p`-quantile (0 ≤ p ≤ 1) by linear interpolation between closest ranks:
    /// h = (n − 1)·p, q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) on 0-based sorted x.
    /// This is Hyndman & Fan's type 7, the default of R, NumPy (`linear`) and Excel's
    /// PERCENTILE.INC, so numbers can be checked with any of them.
    /// `sorted` must be ascending and non-empty.
    public static func linear(sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * Swift.min(Swift.max(p, 0), 1)
        let lower = Int(h.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    /// Median of unsorted values; NaN when there are none.
    public static func median(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : median(sorted: values.sorted())
    }
}

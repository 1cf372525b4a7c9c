import Foundation

/// Order statistics used by reports and comparisons.
public enum Quantiles {
    /// Median of `values` (mean of the two middle values for an even count); NaN if empty.
    public static func median(_ values: [Double]) -> Double {
        quantile(values.sorted(), 0.5)
    }

    /// Linear-interpolation quantile (type 7, NumPy's default) of already sorted values.
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * weight
    }

    /// Median of a sorted buffer without allocating (bootstrap inner loop).
    static func sortedMedian(_ sorted: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

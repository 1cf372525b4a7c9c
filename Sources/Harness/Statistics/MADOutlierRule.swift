/// Flags samples far from the median: |x − median| > k·1.4826·MAD, with k = 3.
///
/// 1.4826·MAD estimates the standard deviation of normal data while ignoring the very
/// outliers being looked for, so this is the robust analogue of "beyond 3σ". Flagged
/// samples are reported, never dropped. When MAD is 0 (half the samples identical)
/// the rule flags nothing rather than everything that differs.
public enum MADOutlierRule {
    /// Scale from MAD to the standard deviation of a normal distribution.
    public static let normalConsistency = 1.4826
    /// Number of scaled MADs beyond which a sample is an outlier.
    public static let threshold = 3.0

    /// Indices of the outlying samples, ascending.
    public static func indices(of samples: [Double], median: Double, mad: Double) -> [Int] {
        guard mad > 0 else { return [] }
        let limit = threshold * normalConsistency * mad
        return samples.indices.filter { abs(samples[$0] - median) > limit }
    }
}

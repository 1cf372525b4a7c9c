/// How benchmark inputs are drawn: N(mean, std²), with an optional fraction of
/// entries replaced by N(0, outlierStd²) — the outlier model of the FlashAttention-3
/// FP8 experiment.
public struct InputDistribution: Hashable, Sendable, Codable {
    public var mean: Double
    public var std: Double
    public var outlierFraction: Double
    public var outlierStd: Double

    public init(mean: Double = 0, std: Double = 1, outlierFraction: Double = 0, outlierStd: Double = 10) {
        self.mean = mean
        self.std = std
        self.outlierFraction = outlierFraction
        self.outlierStd = outlierStd
    }

    public static let standard = InputDistribution()

    /// Fills a tensor of the given shape from `GaussianSource(seed:stream:)`, one
    /// element after another in storage order, so the bits do not depend on threads.
    public func tensor(batch: Int, heads: Int, length: Int, dim: Int, seed: UInt64, stream: UInt64) -> Tensor4 {
        var t = Tensor4(batch: batch, heads: heads, length: length, dim: dim)
        var rng = GaussianSource(seed: seed, stream: stream)
        let hasOutliers = outlierFraction > 0
        t.storage.withUnsafeMutableBufferPointer { buf in
            for i in buf.indices {
                if hasOutliers && rng.nextUniform() < outlierFraction {
                    buf[i] = Float(rng.nextNormal() * outlierStd)
                } else {
                    buf[i] = Float(mean + std * rng.nextNormal())
                }
            }
        }
        return t
    }
}

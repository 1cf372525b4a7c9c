import AttentionKernels

/// Q, K and V of one shape, drawn once from a seeded distribution (streams 0, 1, 2), so
/// that several kernel configurations can run on the very same inputs.
public struct CaseInputs: Sendable {
    public let shape: AttentionShape
    public let q: Tensor4
    public let k: Tensor4
    public let v: Tensor4

    public init(shape s: AttentionShape, distribution: InputDistribution, seed: UInt64) {
        shape = s
        q = distribution.tensor(batch: s.batch, heads: s.qHeads, length: s.qLen, dim: s.headDim, seed: seed, stream: 0)
        k = distribution.tensor(
            batch: s.batch, heads: s.kvHeads, length: s.kvLen, dim: s.headDim, seed: seed, stream: 1)
        v = distribution.tensor(
            batch: s.batch, heads: s.kvHeads, length: s.kvLen, dim: s.headDim, seed: seed, stream: 2)
    }
}

/// The float64 reference output on the query rows whose accuracy is checked (every row
/// when the reference fits `budget` multiply-adds, else evenly spaced rows), computed
/// once and compared with any number of outputs.
public struct AccuracyReference: Sendable {
    /// Query positions checked.
    public let positions: [Int]
    public let causal: Bool
    public let scale: Float
    let values: [Double]

    /// The reference for `inputs` as attention with `causal` and `scale` computes it.
    public init(_ inputs: CaseInputs, causal: Bool, scale: Float, budget: Int) {
        positions = ReferenceRows.positions(shape: inputs.shape, budget: budget)
        self.causal = causal
        self.scale = scale
        values = ReferenceAttention.compute(
            q: inputs.q, k: inputs.k, v: inputs.v, causal: causal, scale: Double(scale),
            positions: positions)
    }

    /// Error of `output` (shaped `[B, Hq, Lq, D]`) on the checked rows.
    public func metrics(of output: Tensor4) -> AccuracyMetrics {
        ReferenceRows.metrics(output: output, reference: values, positions: positions)
    }

    /// Whether this reference also serves `plan` (same masking and scale).
    public func matches(_ plan: AttentionPlan) -> Bool {
        plan.options.causal == causal && plan.scale == scale
    }
}

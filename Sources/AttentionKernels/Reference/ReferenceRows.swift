/// Accuracy of an output against the float64 reference on a subset of query rows, so
/// that large cases can be checked at bounded cost. Rows are independent in attention,
/// so the error on the chosen rows is exact for those rows.
public enum ReferenceRows {
    /// Query positions to check so that the reference costs about `budget`
    /// multiply-adds in all: every position when affordable, else evenly spaced ones
    /// (always including the first and last).
    public static func positions(shape s: AttentionShape, budget: Int) -> [Int] {
        let perRow = max(1, 2 * s.kvLen * s.headDim * s.batch * s.qHeads)
        let affordable = max(2, budget / perRow)
        if affordable >= s.qLen { return Array(0..<s.qLen) }
        let step = Double(s.qLen - 1) / Double(affordable - 1)
        var out: [Int] = []
        for i in 0..<affordable {
            let p = Int((Double(i) * step).rounded())
            if out.last != p { out.append(p) }
        }
        return out
    }

    /// Metrics of `output` against the float64 reference, over the given query positions
    /// of every batch and head.
    public static func metrics(output: Tensor4, q: Tensor4, k: Tensor4, v: Tensor4, causal: Bool, scale: Double,
                               positions: [Int]) -> AccuracyMetrics {
        var sub = Tensor4(batch: q.batch, heads: q.heads, length: positions.count, dim: q.dim)
        var out = sub
        for b in 0..<q.batch {
            for h in 0..<q.heads {
                for (i, p) in positions.enumerated() {
                    for d in 0..<q.dim {
                        sub[b, h, i, d] = q[b, h, p, d]
                        out[b, h, i, d] = output[b, h, p, d]
                    }
                }
            }
        }
        let reference = ReferenceAttention.compute(q: q, k: k, v: v, causal: causal, scale: scale, positions: positions)
        return AccuracyMetrics(output: out, reference: reference)
    }
}

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
    public static func metrics(
        output: Tensor4, q: Tensor4, k: Tensor4, v: Tensor4, causal: Bool, scale: Double,
        positions: [Int]
    ) -> AccuracyMetrics {
        let reference = ReferenceAttention.compute(q: q, k: k, v: v, causal: causal, scale: scale, positions: positions)
        return metrics(output: output, reference: reference, positions: positions)
    }

    /// Metrics of `output` against a reference computed for `positions` (by
    /// `ReferenceAttention.compute(…, positions:)`), so one reference can check the
    /// outputs of several kernels.
    public static func metrics(output: Tensor4, reference: [Double], positions: [Int]) -> AccuracyMetrics {
        var rows = Tensor4(batch: output.batch, heads: output.heads, length: positions.count, dim: output.dim)
        for b in 0..<output.batch {
            for h in 0..<output.heads {
                for (i, p) in positions.enumerated() {
                    for d in 0..<output.dim { rows[b, h, i, d] = output[b, h, p, d] }
                }
            }
        }
        return AccuracyMetrics(output: rows, reference: reference)
    }
}

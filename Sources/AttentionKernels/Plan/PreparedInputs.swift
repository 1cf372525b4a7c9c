/// Q, K and V as the kernel reads them: unchanged for fp32; for FP8, transformed
/// (incoherent processing) and rounded to the FP8 grid with their scale factors applied
/// and removed again, so the kernel computes in float32 on exactly representable values.
///
/// Only `AttentionPlan.prepare` makes them (after checking every shape), and `execute`
/// checks them against its own plan again, so the kernels never see tensors of another shape.
public struct PreparedInputs: Sendable {
    public let q: Tensor4
    public let k: Tensor4
    public let v: Tensor4
    /// Number of FP8 scale factors per tensor (0 for fp32).
    public let scaleCounts: (q: Int, k: Int, v: Int)

    init(q: Tensor4, k: Tensor4, v: Tensor4, scaleCounts: (q: Int, k: Int, v: Int) = (0, 0, 0)) {
        self.q = q
        self.k = k
        self.v = v
        self.scaleCounts = scaleCounts
    }
}

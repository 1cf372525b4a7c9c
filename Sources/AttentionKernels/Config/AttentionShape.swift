/// The sizes of one attention call: Q is `[batch, qHeads, qLen, headDim]`,
/// K and V are `[batch, kvHeads, kvLen, headDim]`, O is shaped like Q.
public struct AttentionShape: Equatable, Hashable, Sendable, Codable {
    public var batch: Int
    public var qHeads: Int
    public var kvHeads: Int
    public var qLen: Int
    public var kvLen: Int
    public var headDim: Int

    public init(batch: Int, qHeads: Int, kvHeads: Int, qLen: Int, kvLen: Int, headDim: Int) {
        self.batch = batch
        self.qHeads = qHeads
        self.kvHeads = kvHeads
        self.qLen = qLen
        self.kvLen = kvLen
        self.headDim = headDim
    }

    /// Query heads per K/V head.
    public var group: Int { kvHeads > 0 ? qHeads / kvHeads : 0 }

    /// Checks extents and the head layout.
    public func validated() throws(AttentionError) -> HeadLayout {
        for (name, v) in [("batch", batch), ("seq_len", qLen), ("kv_len", kvLen), ("head_dim", headDim)] where v < 1 {
            throw AttentionError(.shape, "\(name) must be at least 1 (got \(v))")
        }
        return try HeadLayout(queryHeads: qHeads, kvHeads: kvHeads)
    }

    /// Nominal FLOPs as FlashAttention's benchmarks count them: 4·B·Hq·Lq·Lkv·D
    /// (two matmuls of 2 FLOPs per multiply-add), half of that when causal.
    public func nominalFlops(causal: Bool) -> Int {
        let full = 4 * batch * qHeads * qLen * kvLen * headDim
        return causal ? full / 2 : full
    }

    /// Bytes of the K and V cache in the given element size.
    public func kvCacheBytes(elementBytes: Int) -> Int {
        2 * batch * kvHeads * kvLen * headDim * elementBytes
    }

    /// Causal masking is bottom-right aligned: query `i` sees keys `j <= i + causalOffset`.
    public var causalOffset: Int { kvLen - qLen }
}

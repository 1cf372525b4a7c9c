import AttentionKernels

/// Building the kernel's own configuration from a case's recorded parameters, so the
/// runner (and anything re-reading a run record) derives shape and options one way.
extension CaseParameters {
    /// `[batch, heads, seq_len, head_dim]` queries against `[batch, kv_heads, kv_len, head_dim]` keys.
    public var attentionShape: AttentionShape {
        AttentionShape(batch: batch, qHeads: heads, kvHeads: kvHeads, qLen: seqLen, kvLen: kvLen, headDim: headDim)
    }

    /// The options the case runs with; throws when a name in the record is not one the
    /// kernels know (a record written by a different version, edited by hand).
    public func attentionOptions() throws(AttentionError) -> AttentionOptions {
        guard let algorithm = Algorithm(rawValue: algorithm) else {
            throw AttentionError(.option, "unknown algorithm '\(self.algorithm)' (valid: \(Algorithm.names))")
        }
        guard let precision = Precision(rawValue: precision) else {
            throw AttentionError(.precision, "unknown precision '\(self.precision)' (valid: \(Precision.names))")
        }
        guard let scaling = Scaling(rawValue: scaling) else {
            throw AttentionError(.precision, "unknown scaling '\(self.scaling)' (valid: \(Scaling.names))")
        }
        var explicitTile: TileSize?
        if let text = tile {
            guard let t = TileSize(parsing: text) else {
                throw AttentionError(.tile, "tile must be BRxBC such as 64x64 (got '\(text)')")
            }
            explicitTile = t
        }
        return AttentionOptions(
            algorithm: algorithm, tile: explicitTile, sramBytes: sramBytes, causal: causal,
            threads: threads, gqaPacking: gqaPacking, precision: precision, scaling: scaling,
            incoherent: incoherent, seed: seed)
    }
}

import AttentionKernels

/// Decoding that keeps older records loadable: `implementation` was added later, and a
/// record without it ran attnbench's own kernels; `kv_splits` exists only for flash-decoding.
extension CaseParameters {
    enum CodingKeys: String, CodingKey {
        case batch, heads, kvHeads, seqLen, kvLen, headDim, causal, algorithm, precision, scaling, incoherent, tile,
            effectiveTile, sramBytes, profile, gqaPacking, threads, seed, distribution, implementation, kvSplits
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            batch: try c.decode(Int.self, forKey: .batch), heads: try c.decode(Int.self, forKey: .heads),
            kvHeads: try c.decode(Int.self, forKey: .kvHeads), seqLen: try c.decode(Int.self, forKey: .seqLen),
            kvLen: try c.decode(Int.self, forKey: .kvLen), headDim: try c.decode(Int.self, forKey: .headDim),
            causal: try c.decode(Bool.self, forKey: .causal), algorithm: try c.decode(String.self, forKey: .algorithm),
            precision: try c.decode(String.self, forKey: .precision),
            scaling: try c.decode(String.self, forKey: .scaling),
            incoherent: try c.decode(Bool.self, forKey: .incoherent),
            tile: try c.decodeIfPresent(String.self, forKey: .tile),
            effectiveTile: try c.decode(String.self, forKey: .effectiveTile),
            sramBytes: try c.decodeIfPresent(Int.self, forKey: .sramBytes),
            profile: try c.decodeIfPresent(String.self, forKey: .profile),
            gqaPacking: try c.decode(Bool.self, forKey: .gqaPacking), threads: try c.decode(Int.self, forKey: .threads),
            seed: try c.decode(UInt64.self, forKey: .seed),
            distribution: try c.decode(InputDistribution.self, forKey: .distribution),
            implementation: try c.decodeIfPresent(String.self, forKey: .implementation) ?? Self.builtInImplementation,
            kvSplits: try c.decodeIfPresent(Int.self, forKey: .kvSplits))
    }
}

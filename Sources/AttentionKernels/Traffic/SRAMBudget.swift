/// The SRAM side of the memory model: how big a tiled kernel's working set is, and
/// which tiles FlashAttention-1's rule picks for a given capacity.
public enum SRAMBudget {
    /// Bytes of the tile buffers a kernel holds at once.
    ///
    /// Fused kernels (flash, flash-v1, flash-decoding): Q tile Br·D·e, K and V tiles Bc·D·e each,
    /// S/P tile Br·Bc·4, O accumulator Br·D·4, m and l Br·4 each.
    /// Materialized kernels (three-pass, online) hold the larger of their two matmul
    /// phases: QKᵀ (Q tile, K tile, S tile) and PV (P tile, V tile, O accumulator).
    public static func workingSet(algorithm: Algorithm, tile: TileSize, headDim d: Int, elementBytes e: Int) -> Int {
        let br = tile.rows, bc = tile.cols, f = 4
        switch algorithm {
        case .flash, .flashV1, .flashDecoding:
            return br * d * e + 2 * bc * d * e + br * bc * f + br * d * f + 2 * br * f
        case .threePass, .online:
            let scores = br * d * e + bc * d * e + br * bc * f
            let pv = br * bc * f + bc * d * e + br * d * f
            return max(scores, pv)
        }
    }

    /// FlashAttention-1's rule: Bc = ceil(M / (4·D·e)), Br = min(Bc, D).
    /// The rule sizes the four Bc×D blocks (Q, K, V, O) to M and ignores the S tile and
    /// statistics, so its working set by `workingSet` can exceed M; attnbench follows
    /// the paper and reports that working set rather than silently changing the rule.
    public static func flashAttention1Tile(sramBytes m: Int, headDim d: Int, elementBytes e: Int) -> TileSize {
        let bc = max(1, (m + 4 * d * e - 1) / (4 * d * e))
        return TileSize(rows: min(bc, d), cols: bc)
    }

    /// Parses sizes such as `192KiB`, `96KB`, `1MiB`, `65536` (bytes). KB and KiB are
    /// both 1024 (SRAM sizes are quoted in binary units on every spec sheet).
    public static func parseSize(_ text: String) -> Int? {
        let t = text.trimmingWhitespace()
        let units: [(String, Int)] = [("kib", 1024), ("kb", 1024), ("k", 1024), ("mib", 1 << 20), ("mb", 1 << 20),
                                      ("m", 1 << 20), ("b", 1)]
        let lower = t.lowercased()
        for (suffix, mult) in units where lower.hasSuffix(suffix) {
            guard let n = Int(lower.dropLast(suffix.count)), n > 0 else { return nil }
            return n * mult
        }
        guard let n = Int(lower), n > 0 else { return nil }
        return n
    }

    /// `196608` → `192KiB`; exact binary units when they divide, else bytes.
    public static func formatSize(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20)MiB" }
        if bytes >= 1024 && bytes % 1024 == 0 { return "\(bytes >> 10)KiB" }
        return "\(bytes)B"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

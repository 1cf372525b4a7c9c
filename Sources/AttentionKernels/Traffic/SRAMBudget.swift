/// The SRAM side of the memory model: how big a tiled kernel's working set is, and
/// which tiles FlashAttention-1's rule picks for a given capacity.
public enum SRAMBudget {
    /// Bytes of the tile buffers a kernel holds at once (`Int.max` when that does not fit
    /// in an `Int`, so that any capacity check refuses it).
    ///
    /// Fused kernels (flash, flash-v1, flash-decoding): Q tile Br·D·e, K and V tiles Bc·D·e each,
    /// S/P tile Br·Bc·4, O accumulator Br·D·4, m and l Br·4 each.
    /// Materialized kernels (three-pass, online) hold the larger of their two matmul
    /// phases: QKᵀ (Q tile, K tile, S tile) and PV (P tile, V tile, O accumulator).
    public static func workingSet(algorithm: Algorithm, tile: TileSize, headDim d: Int, elementBytes e: Int) -> Int {
        (try? checkedWorkingSet(algorithm: algorithm, tile: tile, headDim: d, elementBytes: e)) ?? Int.max
    }

    /// `workingSet`, throwing when it overflows.
    static func checkedWorkingSet(
        algorithm: Algorithm, tile: TileSize, headDim d: Int,
        elementBytes e: Int
    ) throws(CheckedSize.Overflow) -> Int {
        let br = tile.rows, bc = tile.cols, f = 4
        let qTile = try CheckedSize.product(br, d, e), kvTile = try CheckedSize.product(bc, d, e)
        let sTile = try CheckedSize.product(br, bc, f), oTile = try CheckedSize.product(br, d, f)
        switch algorithm {
        case .flash, .flashV1, .flashDecoding:
            return try CheckedSize.sum(qTile, kvTile, kvTile, sTile, oTile, try CheckedSize.product(2, br, f))
        case .threePass, .online:
            let scores = try CheckedSize.sum(qTile, kvTile, sTile)
            let pv = try CheckedSize.sum(sTile, kvTile, oTile)
            return max(scores, pv)
        }
    }

    /// FlashAttention-1's rule: Bc = ceil(M / (4·D·e)), Br = min(Bc, D).
    /// The rule sizes the four Bc×D blocks (Q, K, V, O) to M and ignores the S tile and
    /// statistics, so its working set by `workingSet` can exceed M; attnbench follows
    /// the paper and reports that working set rather than silently changing the rule.
    public static func flashAttention1Tile(sramBytes m: Int, headDim d: Int, elementBytes e: Int) -> TileSize {
        // A 4·D·e beyond Int (an absurd head_dim) means "more than any capacity": Bc = 1.
        let block = CheckedSize.productOrNil(4, max(1, d), max(1, e)) ?? Int.max
        let bc = max(1, CheckedSize.ceilDiv(max(0, m), block))
        return TileSize(rows: min(bc, d), cols: bc)
    }

    /// Parses sizes such as `192KiB`, `96KB`, `1MiB`, `65536` (bytes). KB and KiB are
    /// both 1024 (SRAM sizes are quoted in binary units on every spec sheet). Nil for
    /// anything else, including sizes beyond `Int`.
    public static func parseSize(_ text: String) -> Int? {
        let t = text.trimmingWhitespace()
        let units: [(String, Int)] = [
            ("kib", 1024), ("kb", 1024), ("k", 1024), ("mib", 1 << 20), ("mb", 1 << 20),
            ("m", 1 << 20), ("b", 1)
        ]
        let lower = t.lowercased()
        for (suffix, mult) in units where lower.hasSuffix(suffix) {
            guard let n = Int(lower.dropLast(suffix.count)), n > 0 else { return nil }
            return CheckedSize.productOrNil(n, mult)
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

/// FlashAttention-2's online softmax update on a row-major score tile, 16 keys per SIMD
/// vector (the layout `keyLaneScores` writes). Scores are in log2 units.
///
/// For each row i: m' = max(m, max_j S), alpha = 2^(m − m'), P = 2^(S − m') written over
/// S, l' = alpha·l + Σ_j P. A row that has seen only masked keys keeps m = −inf and is
/// exponentiated against 0, so its P and l are exactly 0 (as in `TileSoftmax`).
enum KeyLaneSoftmax {
    /// `width` is the number of lanes per row to process (keys rounded up to 16; the
    /// padding lanes hold −inf). `m`, `l` and `alpha` hold one value per row.
    @inline(__always)
    static func onlineUpdate(
        _ s: UnsafeMutablePointer<Float>, ld: Int, rows: Int, width: Int,
        m: UnsafeMutablePointer<Float>, l: UnsafeMutablePointer<Float>,
        alpha: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<rows {
            let row = s + i * ld
            var mx = F16(repeating: -.infinity)
            var j = 0
            while j < width {
                mx = vmax(mx, load16(row + j))
                j += 16
            }
            let mOld = m[i]
            let tileMax = horizontalMax(mx)
            let mNew = mOld < tileMax ? tileMax : mOld
            let mUse: Float = mNew == -.infinity ? 0 : mNew
            let a = exp2Vector(F16(repeating: mOld - mUse))[0]
            let shift = F16(repeating: mUse)
            var sum = F16()
            j = 0
            while j < width {
                let e = exp2Vector(load16(row + j) - shift)
                store16(row + j, e)
                sum += e
                j += 16
            }
            l[i] = l[i] * a + horizontalSum(sum)
            m[i] = mNew
            alpha[i] = a
        }
    }
}

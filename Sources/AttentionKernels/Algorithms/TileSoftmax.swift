/// Softmax statistics over a key-major score tile, 16 query rows per step.
///
/// Scores are in log2 units (Q was multiplied by scale·log2 e), so exponentials are 2^x.
/// A row that has seen only masked keys keeps m = −inf; it is exponentiated against 0
/// instead (as FlashAttention does), which makes its P and l exactly 0.
enum TileSoftmax {
    /// FlashAttention-2's online update for one K/V tile: for each query row,
    /// m' = max(m, rowmax S), alpha = 2^(m − m'), P = 2^(S − m') written over S,
    /// l' = alpha·l + rowsum P. `alpha` receives the O rescale factors.
    @inline(__always)
    static func onlineUpdate(
        _ sT: UnsafeMutablePointer<Float>, ld: Int, keys: Int, width: Int,
        m: UnsafeMutablePointer<Float>, l: UnsafeMutablePointer<Float>,
        alpha: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i < width {
            var tileMax = F16(repeating: -.infinity)
            var p = sT + i
            for _ in 0..<keys {
                tileMax = vmax(tileMax, load16(p))
                p += ld
            }
            let mOld = load16(m + i)
            let mNew = vmax(mOld, tileMax)
            let mUse = mNew.replacing(with: 0, where: isMinusInfinity(mNew))
            let a = exp2Vector(mOld - mUse)
            var sum = F16()
            p = sT + i
            for _ in 0..<keys {
                let e = exp2Vector(load16(p) - mUse)
                store16(p, e)
                sum += e
                p += ld
            }
            store16(l + i, load16(l + i) * a + sum)
            store16(m + i, mNew)
            store16(alpha + i, a)
            i += 16
        }
    }
}

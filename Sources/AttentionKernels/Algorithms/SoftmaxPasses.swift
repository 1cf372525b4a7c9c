/// The row-wise passes of materialized softmax over key-major S (16 queries per SIMD
/// step, `keys` rows of stride `ld`). Scores are in log2 units. Rows whose every key is
/// masked end with m = −inf and l = 0 and get P = 0.
enum SoftmaxPasses {
    @inline(__always)
    private static func usable(_ m: F16) -> F16 {
        m.replacing(with: 0, where: isMinusInfinity(m))
    }

    /// Pass "max": m = rowmax S.
    static func max(_ s: UnsafePointer<Float>, ld: Int, keys: Int, width: Int, m: UnsafeMutablePointer<Float>) {
        var i = 0
        while i < width {
            var acc = F16(repeating: -.infinity)
            var p = s + i
            for _ in 0..<keys { acc = vmax(acc, load16(p)); p += ld }
            store16(m + i, acc)
            i += 16
        }
    }

    /// Pass "sum": l = Σ 2^(S − m).
    static func sumOfExp(
        _ s: UnsafePointer<Float>, ld: Int, keys: Int, width: Int,
        m: UnsafePointer<Float>, l: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i < width {
            let mu = usable(load16(m + i))
            var acc = F16()
            var p = s + i
            for _ in 0..<keys { acc += exp2Vector(load16(p) - mu); p += ld }
            store16(l + i, acc)
            i += 16
        }
    }

    /// Online pass (Milakov & Gimelshein 2018): running max m and sum l rescaled
    /// whenever the max grows, in a single sweep.
    static func online(
        _ s: UnsafePointer<Float>, ld: Int, keys: Int, width: Int,
        m: UnsafeMutablePointer<Float>, l: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i < width {
            var mx = F16(repeating: -.infinity)
            var acc = F16()
            var p = s + i
            for _ in 0..<keys {
                let x = load16(p)
                let mNew = vmax(mx, x)
                let mu = usable(mNew)
                acc = acc * exp2Vector(mx - mu) + exp2Vector(x - mu)
                mx = mNew
                p += ld
            }
            store16(m + i, mx)
            store16(l + i, acc)
            i += 16
        }
    }

    /// Pass "normalize": P = 2^(S − m) / l, read from S and written to P.
    static func normalize(
        _ s: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, ld: Int, keys: Int,
        width: Int, m: UnsafePointer<Float>, l: UnsafePointer<Float>
    ) {
        var i = 0
        while i < width {
            let mu = usable(load16(m + i))
            let lv = load16(l + i)
            let inv = (F16(repeating: 1) / lv).replacing(with: 0, where: lv .== F16())
            var p = s + i, q = out + i
            for _ in 0..<keys {
                store16(q, exp2Vector(load16(p) - mu) * inv)
                p += ld
                q += ld
            }
            i += 16
        }
    }
}

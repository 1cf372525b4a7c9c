/// Scores of one tile, written key-major: `out[j·ldo + i] = Σ_d k[j·ldk + d] · qT[d·ldq + i]`
/// for `j < keys` and `i < width` (`width` a multiple of 16).
///
/// `qT` is the Q tile transposed (D × width, already multiplied by scale·log2 e), so the
/// query index runs along SIMD lanes: the per-query softmax statistics then reduce over
/// rows with plain vector max/add, no horizontal shuffles. Register blocking: 8 keys ×
/// 32 queries (16 zmm accumulators), each K element broadcast once per 2 vector FMAs.
@inline(__always)
func scoreTile(
    qT: UnsafePointer<Float>, ldq: Int, dim: Int, width: Int,
    k: UnsafePointer<Float>, ldk: Int, keys: Int,
    out: UnsafeMutablePointer<Float>, ldo: Int
) {
    let fullKeys = keys - keys % 8
    var j = 0
    while j < fullKeys {
        var i = 0
        while i + 32 <= width {
            score8x32(qT + i, ldq, dim, k + j * ldk, ldk, out + j * ldo + i, ldo)
            i += 32
        }
        if i < width { score8x16(qT + i, ldq, dim, k + j * ldk, ldk, out + j * ldo + i, ldo) }
        j += 8
    }
    while j < keys {
        var i = 0
        while i < width {
            score1x16(qT + i, ldq, dim, k + j * ldk, out + j * ldo + i)
            i += 16
        }
        j += 1
    }
}

@inline(__always)
private func score8x32(
    _ q: UnsafePointer<Float>, _ ldq: Int, _ dim: Int,
    _ k: UnsafePointer<Float>, _ ldk: Int, _ o: UnsafeMutablePointer<Float>, _ ldo: Int
) {
    var a0 = F16(), a1 = F16(), b0 = F16(), b1 = F16(), c0 = F16(), c1 = F16(), d0 = F16(), d1 = F16()
    var e0 = F16(), e1 = F16(), f0 = F16(), f1 = F16(), g0 = F16(), g1 = F16(), h0 = F16(), h1 = F16()
    let k0 = k, k1 = k + ldk, k2 = k + 2 * ldk, k3 = k + 3 * ldk
    let k4 = k + 4 * ldk, k5 = k + 5 * ldk, k6 = k + 6 * ldk, k7 = k + 7 * ldk
    var qp = q
    for d in 0..<dim {
        let x0 = load16(qp), x1 = load16(qp + 16)
        qp += ldq
        var s = F16(repeating: k0[d]); a0 = a0.addingProduct(s, x0); a1 = a1.addingProduct(s, x1)
        s = F16(repeating: k1[d]); b0 = b0.addingProduct(s, x0); b1 = b1.addingProduct(s, x1)
        s = F16(repeating: k2[d]); c0 = c0.addingProduct(s, x0); c1 = c1.addingProduct(s, x1)
        s = F16(repeating: k3[d]); d0 = d0.addingProduct(s, x0); d1 = d1.addingProduct(s, x1)
        s = F16(repeating: k4[d]); e0 = e0.addingProduct(s, x0); e1 = e1.addingProduct(s, x1)
        s = F16(repeating: k5[d]); f0 = f0.addingProduct(s, x0); f1 = f1.addingProduct(s, x1)
        s = F16(repeating: k6[d]); g0 = g0.addingProduct(s, x0); g1 = g1.addingProduct(s, x1)
        s = F16(repeating: k7[d]); h0 = h0.addingProduct(s, x0); h1 = h1.addingProduct(s, x1)
    }
    store16(o, a0); store16(o + 16, a1)
    store16(o + ldo, b0); store16(o + ldo + 16, b1)
    store16(o + 2 * ldo, c0); store16(o + 2 * ldo + 16, c1)
    store16(o + 3 * ldo, d0); store16(o + 3 * ldo + 16, d1)
    store16(o + 4 * ldo, e0); store16(o + 4 * ldo + 16, e1)
    store16(o + 5 * ldo, f0); store16(o + 5 * ldo + 16, f1)
    store16(o + 6 * ldo, g0); store16(o + 6 * ldo + 16, g1)
    store16(o + 7 * ldo, h0); store16(o + 7 * ldo + 16, h1)
}

@inline(__always)
private func score8x16(
    _ q: UnsafePointer<Float>, _ ldq: Int, _ dim: Int,
    _ k: UnsafePointer<Float>, _ ldk: Int, _ o: UnsafeMutablePointer<Float>, _ ldo: Int
) {
    var a = F16(), b = F16(), c = F16(), d4 = F16(), e = F16(), f = F16(), g = F16(), h = F16()
    let k0 = k, k1 = k + ldk, k2 = k + 2 * ldk, k3 = k + 3 * ldk
    let k4 = k + 4 * ldk, k5 = k + 5 * ldk, k6 = k + 6 * ldk, k7 = k + 7 * ldk
    var qp = q
    for d in 0..<dim {
        let x = load16(qp)
        qp += ldq
        a = a.addingProduct(F16(repeating: k0[d]), x)
        b = b.addingProduct(F16(repeating: k1[d]), x)
        c = c.addingProduct(F16(repeating: k2[d]), x)
        d4 = d4.addingProduct(F16(repeating: k3[d]), x)
        e = e.addingProduct(F16(repeating: k4[d]), x)
        f = f.addingProduct(F16(repeating: k5[d]), x)
        g = g.addingProduct(F16(repeating: k6[d]), x)
        h = h.addingProduct(F16(repeating: k7[d]), x)
    }
    store16(o, a); store16(o + ldo, b); store16(o + 2 * ldo, c); store16(o + 3 * ldo, d4)
    store16(o + 4 * ldo, e); store16(o + 5 * ldo, f); store16(o + 6 * ldo, g); store16(o + 7 * ldo, h)
}

@inline(__always)
private func score1x16(
    _ q: UnsafePointer<Float>, _ ldq: Int, _ dim: Int,
    _ k: UnsafePointer<Float>, _ o: UnsafeMutablePointer<Float>
) {
    var a = F16()
    var qp = q
    for d in 0..<dim {
        a = a.addingProduct(F16(repeating: k[d]), load16(qp))
        qp += ldq
    }
    store16(o, a)
}

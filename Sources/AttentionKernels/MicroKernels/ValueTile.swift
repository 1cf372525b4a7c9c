/// Accumulates P·V for one tile: `o[i·ldo + d] = o[i·ldo + d] · alpha[i] + Σ_j pT[j·ldp + i] · v[j·ldv + d]`
/// for `i < height` (a multiple of 8), `d < dim`, `j < keys`. With `alpha` nil the
/// accumulator is not rescaled.
///
/// P is key-major (as `scoreTile` writes it), so each P element is a broadcast and V
/// rows stream along SIMD lanes. Register blocking: 8 queries × 32 dims (16 zmm
/// accumulators) kept in registers over the whole key loop.
@inline(__always)
func valueTile(
    pT: UnsafePointer<Float>, ldp: Int, v: UnsafePointer<Float>, ldv: Int, keys: Int,
    o: UnsafeMutablePointer<Float>, ldo: Int, height: Int, dim: Int, alpha: UnsafePointer<Float>?
) {
    var i = 0
    while i < height {
        var d = 0
        while d + 32 <= dim {
            value8x32(pT + i, ldp, v + d, ldv, keys, o + i * ldo + d, ldo, alpha.map { $0 + i })
            d += 32
        }
        if d + 16 <= dim {
            value8x16(pT + i, ldp, v + d, ldv, keys, o + i * ldo + d, ldo, alpha.map { $0 + i })
            d += 16
        }
        if d < dim {
            valueScalar(pT + i, ldp, v, ldv, keys, o + i * ldo, ldo, from: d, to: dim, alpha.map { $0 + i })
        }
        i += 8
    }
}

@inline(__always)
private func value8x32(
    _ p: UnsafePointer<Float>, _ ldp: Int, _ v: UnsafePointer<Float>, _ ldv: Int, _ keys: Int,
    _ o: UnsafeMutablePointer<Float>, _ ldo: Int, _ alpha: UnsafePointer<Float>?
) {
    var a0 = load16(o), a1 = load16(o + 16)
    var b0 = load16(o + ldo), b1 = load16(o + ldo + 16)
    var c0 = load16(o + 2 * ldo), c1 = load16(o + 2 * ldo + 16)
    var d0 = load16(o + 3 * ldo), d1 = load16(o + 3 * ldo + 16)
    var e0 = load16(o + 4 * ldo), e1 = load16(o + 4 * ldo + 16)
    var f0 = load16(o + 5 * ldo), f1 = load16(o + 5 * ldo + 16)
    var g0 = load16(o + 6 * ldo), g1 = load16(o + 6 * ldo + 16)
    var h0 = load16(o + 7 * ldo), h1 = load16(o + 7 * ldo + 16)
    if let al = alpha {
        var s = F16(repeating: al[0]); a0 *= s; a1 *= s
        s = F16(repeating: al[1]); b0 *= s; b1 *= s
        s = F16(repeating: al[2]); c0 *= s; c1 *= s
        s = F16(repeating: al[3]); d0 *= s; d1 *= s
        s = F16(repeating: al[4]); e0 *= s; e1 *= s
        s = F16(repeating: al[5]); f0 *= s; f1 *= s
        s = F16(repeating: al[6]); g0 *= s; g1 *= s
        s = F16(repeating: al[7]); h0 *= s; h1 *= s
    }
    var pp = p, vp = v
    for _ in 0..<keys {
        let x0 = load16(vp), x1 = load16(vp + 16)
        var s = F16(repeating: pp[0]); a0 = a0.addingProduct(s, x0); a1 = a1.addingProduct(s, x1)
        s = F16(repeating: pp[1]); b0 = b0.addingProduct(s, x0); b1 = b1.addingProduct(s, x1)
        s = F16(repeating: pp[2]); c0 = c0.addingProduct(s, x0); c1 = c1.addingProduct(s, x1)
        s = F16(repeating: pp[3]); d0 = d0.addingProduct(s, x0); d1 = d1.addingProduct(s, x1)
        s = F16(repeating: pp[4]); e0 = e0.addingProduct(s, x0); e1 = e1.addingProduct(s, x1)
        s = F16(repeating: pp[5]); f0 = f0.addingProduct(s, x0); f1 = f1.addingProduct(s, x1)
        s = F16(repeating: pp[6]); g0 = g0.addingProduct(s, x0); g1 = g1.addingProduct(s, x1)
        s = F16(repeating: pp[7]); h0 = h0.addingProduct(s, x0); h1 = h1.addingProduct(s, x1)
        pp += ldp
        vp += ldv
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
private func value8x16(
    _ p: UnsafePointer<Float>, _ ldp: Int, _ v: UnsafePointer<Float>, _ ldv: Int, _ keys: Int,
    _ o: UnsafeMutablePointer<Float>, _ ldo: Int, _ alpha: UnsafePointer<Float>?
) {
    var a = load16(o), b = load16(o + ldo), c = load16(o + 2 * ldo), d = load16(o + 3 * ldo)
    var e = load16(o + 4 * ldo), f = load16(o + 5 * ldo), g = load16(o + 6 * ldo), h = load16(o + 7 * ldo)
    if let al = alpha {
        a *= al[0]; b *= al[1]; c *= al[2]; d *= al[3]; e *= al[4]; f *= al[5]; g *= al[6]; h *= al[7]
    }
    var pp = p, vp = v
    for _ in 0..<keys {
        let x = load16(vp)
        a = a.addingProduct(F16(repeating: pp[0]), x)
        b = b.addingProduct(F16(repeating: pp[1]), x)
        c = c.addingProduct(F16(repeating: pp[2]), x)
        d = d.addingProduct(F16(repeating: pp[3]), x)
        e = e.addingProduct(F16(repeating: pp[4]), x)
        f = f.addingProduct(F16(repeating: pp[5]), x)
        g = g.addingProduct(F16(repeating: pp[6]), x)
        h = h.addingProduct(F16(repeating: pp[7]), x)
        pp += ldp
        vp += ldv
    }
    store16(o, a); store16(o + ldo, b); store16(o + 2 * ldo, c); store16(o + 3 * ldo, d)
    store16(o + 4 * ldo, e); store16(o + 5 * ldo, f); store16(o + 6 * ldo, g); store16(o + 7 * ldo, h)
}

/// Head dims that are not a multiple of 16 finish their last columns here.
@inline(__always)
private func valueScalar(
    _ p: UnsafePointer<Float>, _ ldp: Int, _ v: UnsafePointer<Float>, _ ldv: Int, _ keys: Int,
    _ o: UnsafeMutablePointer<Float>, _ ldo: Int, from: Int, to: Int,
    _ alpha: UnsafePointer<Float>?
) {
    for r in 0..<8 {
        let orow = o + r * ldo
        if let al = alpha {
            for d in from..<to { orow[d] *= al[r] }
        }
        var pp = p + r, vp = v
        for _ in 0..<keys {
            let s = pp[0]
            for d in from..<to { orow[d] = orow[d].addingProduct(s, vp[d]) }
            pp += ldp
            vp += ldv
        }
    }
}

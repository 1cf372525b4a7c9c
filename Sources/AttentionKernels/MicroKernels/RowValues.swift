/// P·V for a few query rows with P row-major (keys along lanes, as `KeyLaneSoftmax`
/// leaves it): `o[i·ldo + d] = o[i·ldo + d]·alpha[i] + Σ_j p[i·ldp + j]·v[j·ldv + d]` for
/// `i < rows` (any count, no padding rows), `d < dim`, `j < keys`.
///
/// Each P element is broadcast and V rows stream along the lanes, as in `valueTile`, but
/// the row blocks are 4 (then 1) rows instead of 8 padded ones, so a decode step with a
/// single query row does one row's work. Register blocking: 4 rows × 64 dims (16 zmm
/// accumulators); a lone row takes 128 dims at a time (8 accumulators) when it can.
@inline(__always)
func rowValues(
    p: UnsafePointer<Float>, ldp: Int, rows: Int, v: UnsafePointer<Float>, ldv: Int, keys: Int,
    o: UnsafeMutablePointer<Float>, ldo: Int, dim: Int, alpha: UnsafePointer<Float>
) {
    var i = 0
    while i + 4 <= rows {
        var d = 0
        while d + 64 <= dim {
            rowValues4x64(p + i * ldp, ldp, v + d, ldv, keys, o + i * ldo + d, ldo, alpha + i)
            d += 64
        }
        for r in i..<(i + 4) {
            rowValuesTail(p + r * ldp, v, ldv, keys, o + r * ldo, from: d, to: dim, alpha[r])
        }
        i += 4
    }
    while i < rows {
        var d = 0
        while d + 128 <= dim {
            rowValues1x128(p + i * ldp, v + d, ldv, keys, o + i * ldo + d, alpha[i])
            d += 128
        }
        rowValuesTail(p + i * ldp, v, ldv, keys, o + i * ldo, from: d, to: dim, alpha[i])
        i += 1
    }
}

@inline(__always)
private func rowValues4x64(
    _ p: UnsafePointer<Float>, _ ldp: Int, _ v: UnsafePointer<Float>, _ ldv: Int, _ keys: Int,
    _ o: UnsafeMutablePointer<Float>, _ ldo: Int, _ alpha: UnsafePointer<Float>
) {
    let o0 = o, o1 = o + ldo, o2 = o + 2 * ldo, o3 = o + 3 * ldo
    var s = F16(repeating: alpha[0])
    var a0 = load16(o0) * s, a1 = load16(o0 + 16) * s, a2 = load16(o0 + 32) * s, a3 = load16(o0 + 48) * s
    s = F16(repeating: alpha[1])
    var b0 = load16(o1) * s, b1 = load16(o1 + 16) * s, b2 = load16(o1 + 32) * s, b3 = load16(o1 + 48) * s
    s = F16(repeating: alpha[2])
    var c0 = load16(o2) * s, c1 = load16(o2 + 16) * s, c2 = load16(o2 + 32) * s, c3 = load16(o2 + 48) * s
    s = F16(repeating: alpha[3])
    var d0 = load16(o3) * s, d1 = load16(o3 + 16) * s, d2 = load16(o3 + 32) * s, d3 = load16(o3 + 48) * s
    let p0 = p, p1 = p + ldp, p2 = p + 2 * ldp, p3 = p + 3 * ldp
    var vp = v
    for j in 0..<keys {
        let x0 = load16(vp), x1 = load16(vp + 16), x2 = load16(vp + 32), x3 = load16(vp + 48)
        s = F16(repeating: p0[j])
        a0 = a0.addingProduct(s, x0); a1 = a1.addingProduct(s, x1); a2 = a2.addingProduct(s, x2);
        a3 = a3.addingProduct(s, x3)
        s = F16(repeating: p1[j])
        b0 = b0.addingProduct(s, x0); b1 = b1.addingProduct(s, x1); b2 = b2.addingProduct(s, x2);
        b3 = b3.addingProduct(s, x3)
        s = F16(repeating: p2[j])
        c0 = c0.addingProduct(s, x0); c1 = c1.addingProduct(s, x1); c2 = c2.addingProduct(s, x2);
        c3 = c3.addingProduct(s, x3)
        s = F16(repeating: p3[j])
        d0 = d0.addingProduct(s, x0); d1 = d1.addingProduct(s, x1); d2 = d2.addingProduct(s, x2);
        d3 = d3.addingProduct(s, x3)
        vp += ldv
    }
    store16(o0, a0); store16(o0 + 16, a1); store16(o0 + 32, a2); store16(o0 + 48, a3)
    store16(o1, b0); store16(o1 + 16, b1); store16(o1 + 32, b2); store16(o1 + 48, b3)
    store16(o2, c0); store16(o2 + 16, c1); store16(o2 + 32, c2); store16(o2 + 48, c3)
    store16(o3, d0); store16(o3 + 16, d1); store16(o3 + 32, d2); store16(o3 + 48, d3)
}

@inline(__always)
private func rowValues1x128(
    _ p: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ ldv: Int, _ keys: Int,
    _ o: UnsafeMutablePointer<Float>, _ alpha: Float
) {
    let s0 = F16(repeating: alpha)
    var a0 = load16(o) * s0, a1 = load16(o + 16) * s0, a2 = load16(o + 32) * s0, a3 = load16(o + 48) * s0
    var a4 = load16(o + 64) * s0, a5 = load16(o + 80) * s0, a6 = load16(o + 96) * s0, a7 = load16(o + 112) * s0
    var vp = v
    for j in 0..<keys {
        let s = F16(repeating: p[j])
        a0 = a0.addingProduct(s, load16(vp)); a1 = a1.addingProduct(s, load16(vp + 16))
        a2 = a2.addingProduct(s, load16(vp + 32)); a3 = a3.addingProduct(s, load16(vp + 48))
        a4 = a4.addingProduct(s, load16(vp + 64)); a5 = a5.addingProduct(s, load16(vp + 80))
        a6 = a6.addingProduct(s, load16(vp + 96)); a7 = a7.addingProduct(s, load16(vp + 112))
        vp += ldv
    }
    store16(o, a0); store16(o + 16, a1); store16(o + 32, a2); store16(o + 48, a3)
    store16(o + 64, a4); store16(o + 80, a5); store16(o + 96, a6); store16(o + 112, a7)
}

/// One row's columns [from, to): 16 at a time, then scalar.
@inline(__always)
private func rowValuesTail(
    _ p: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ ldv: Int, _ keys: Int,
    _ o: UnsafeMutablePointer<Float>, from: Int, to: Int, _ alpha: Float
) {
    var d = from
    while d + 16 <= to {
        var a = load16(o + d) * alpha
        var vp = v + d
        for j in 0..<keys {
            a = a.addingProduct(F16(repeating: p[j]), load16(vp))
            vp += ldv
        }
        store16(o + d, a)
        d += 16
    }
    while d < to {
        var a = o[d] * alpha
        var vp = v + d
        for j in 0..<keys {
            a = a.addingProduct(p[j], vp[0])
            vp += ldv
        }
        o[d] = a
        d += 1
    }
}

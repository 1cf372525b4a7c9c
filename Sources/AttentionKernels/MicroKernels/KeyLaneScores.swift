/// Scores of a few query rows, written row-major with the keys along SIMD lanes:
/// `out[i·ldo + j] = Σ_d q[i·ldq + d] · k[j·ldk + d]` for `i < rows`, `j < keys`; lanes
/// from `keys` up to the next multiple of 16 are set to −inf (masked, so the softmax
/// gives them P = 0).
///
/// Why a second score kernel: `scoreTile` puts 16 query rows along the lanes, which is
/// right for prefill but wastes 15 of 16 lanes on a decode step (one query row per
/// head). Here each dot product runs along the head dimension (16 lanes of d at a time)
/// and is reduced to one score, so the work is proportional to the rows that exist; the
/// softmax then runs 16 keys per vector (`KeyLaneSoftmax`). A key's horizontal sum
/// costs a handful of shuffles, cheap beside the 2·D bytes of K and V a decode step
/// streams per key and row group.
@inline(__always)
func keyLaneScores(
    q: UnsafePointer<Float>, ldq: Int, rows: Int, dim: Int,
    k: UnsafePointer<Float>, ldk: Int, keys: Int,
    out: UnsafeMutablePointer<Float>, ldo: Int
) {
    let padded = roundUp(keys, 16)
    for i in 0..<rows {
        let qi = q + i * ldq, oi = out + i * ldo
        var j = 0
        while j + 4 <= keys {
            let s = dot4(qi, k + j * ldk, ldk, dim)
            oi[j] = s.0; oi[j + 1] = s.1; oi[j + 2] = s.2; oi[j + 3] = s.3
            j += 4
        }
        while j < keys {
            oi[j] = dot1(qi, k + j * ldk, dim)
            j += 1
        }
        for p in keys..<padded { oi[p] = -.infinity }
    }
}

/// Dot products of one query row with four consecutive keys (four independent FMA
/// chains, so the FMA latency is covered).
@inline(__always)
private func dot4(_ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>, _ ldk: Int, _ dim: Int)
    -> (Float, Float, Float, Float)
{
    let k0 = k, k1 = k + ldk, k2 = k + 2 * ldk, k3 = k + 3 * ldk
    var a0 = F16(), a1 = F16(), a2 = F16(), a3 = F16()
    var d = 0
    while d + 16 <= dim {
        let x = load16(q + d)
        a0 = a0.addingProduct(x, load16(k0 + d))
        a1 = a1.addingProduct(x, load16(k1 + d))
        a2 = a2.addingProduct(x, load16(k2 + d))
        a3 = a3.addingProduct(x, load16(k3 + d))
        d += 16
    }
    var s0 = horizontalSum(a0), s1 = horizontalSum(a1), s2 = horizontalSum(a2), s3 = horizontalSum(a3)
    while d < dim {
        let x = q[d]
        s0 = s0.addingProduct(x, k0[d]); s1 = s1.addingProduct(x, k1[d])
        s2 = s2.addingProduct(x, k2[d]); s3 = s3.addingProduct(x, k3[d])
        d += 1
    }
    return (s0, s1, s2, s3)
}

@inline(__always)
private func dot1(_ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>, _ dim: Int) -> Float {
    var a = F16()
    var d = 0
    while d + 16 <= dim {
        a = a.addingProduct(load16(q + d), load16(k + d))
        d += 16
    }
    var s = horizontalSum(a)
    while d < dim {
        s = s.addingProduct(q[d], k[d])
        d += 1
    }
    return s
}

/// Sum of the 16 lanes by halving (256-, 128-, 64-bit halves, then two scalars): a fixed
/// order, so results are reproducible. The stdlib's `sum()` adds lane by lane.
@inline(__always)
func horizontalSum(_ v: F16) -> Float {
    let a = v.lowHalf + v.highHalf
    let b = a.lowHalf + a.highHalf
    let c = b.lowHalf + b.highHalf
    return c[0] + c[1]
}

/// Largest of the 16 lanes (inputs are never NaN), by halving like `horizontalSum`.
@inline(__always)
func horizontalMax(_ v: F16) -> Float {
    let a = v.lowHalf.replacing(with: v.highHalf, where: v.lowHalf .< v.highHalf)
    let b = a.lowHalf.replacing(with: a.highHalf, where: a.lowHalf .< a.highHalf)
    let c = b.lowHalf.replacing(with: b.highHalf, where: b.lowHalf .< b.highHalf)
    return c[0] < c[1] ? c[1] : c[0]
}

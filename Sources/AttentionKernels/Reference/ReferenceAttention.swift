/// Attention computed in float64 with the textbook formula, for tests and accuracy
/// metrics: O = softmax(scale·QKᵀ + mask)·V, with libm's `exp`. A query row that sees no
/// key (possible with causal masking when Lq > Lkv) gives O = 0, as the kernels do.
///
/// The formula is the textbook one, but the loops are written to run near the machine's
/// float64 speed: every run checks each case against it, and `ab` and
/// `run --invocations` pay that check in every invocation. K and V are read in place and
/// widened to float64 eight at a time (no copy: the reference adds no memory of the size
/// of K and V); dot products keep eight partial sums in one `SIMD8<Double>` (a single
/// running sum would wait on the adder's latency for every term).
public enum ReferenceAttention {
    /// Returns O as float64 values in `[B, Hq, Lq, D]` order.
    public static func compute(q: Tensor4, k: Tensor4, v: Tensor4, causal: Bool, scale: Double? = nil) -> [Double] {
        compute(q: q, k: k, v: v, causal: causal, scale: scale, positions: Array(0..<q.length))
    }

    /// O for the given query positions only, as `[B, Hq, positions.count, D]`.
    public static func compute(
        q: Tensor4, k: Tensor4, v: Tensor4, causal: Bool, scale: Double?,
        positions: [Int]
    ) -> [Double] {
        let d = q.dim, lq = q.length, lk = k.length, np = positions.count
        let g = max(1, q.heads / max(1, k.heads))
        let s = scale ?? 1 / Double(d).squareRoot()
        let offset = lk - lq
        var out = [Double](repeating: 0, count: q.batch * q.heads * np * d)
        var scores = [Double](repeating: 0, count: lk)
        var qRow = [Double](repeating: 0, count: d)
        for b in 0..<q.batch {
            for h in 0..<q.heads {
                let kh = h / g
                let ko = k.rowOffset(batch: b, head: kh, position: 0)
                let vo = v.rowOffset(batch: b, head: kh, position: 0)
                for (row, i) in positions.enumerated() {
                    let visible = causal ? min(lk, max(0, i + offset + 1)) : lk
                    guard visible > 0 else { continue }
                    let qo = q.rowOffset(batch: b, head: h, position: i)
                    for x in 0..<d { qRow[x] = Double(q.storage[qo + x]) }
                    let oo = ((b * q.heads + h) * np + row) * d
                    scoreRow(qRow, k.storage, at: ko, visible: visible, scale: s, into: &scores)
                    weightedSum(scores, v.storage, at: vo, visible: visible, dim: d, into: &out, at: oo)
                }
            }
        }
        return out
    }

    /// scores[j] = exp(scale·q·k_j − max), normalised to sum 1, for the first `visible`
    /// key rows of `keys` from `ko` (rows of `qRow.count` values).
    static func scoreRow(
        _ qRow: [Double], _ keys: [Float], at ko: Int, visible: Int, scale: Double,
        into scores: inout [Double]
    ) {
        let d = qRow.count
        qRow.withUnsafeBufferPointer { q in
            keys.withUnsafeBufferPointer { k in
                scores.withUnsafeMutableBufferPointer { p in
                    var mx = -Double.infinity
                    for j in 0..<visible {
                        p[j] = dot(q.baseAddress!, k.baseAddress! + ko + j * d, d) * scale
                        mx = max(mx, p[j])
                    }
                    var sum = 0.0
                    for j in 0..<visible {
                        p[j] = _exp(p[j] - mx)
                        sum += p[j]
                    }
                    for j in 0..<visible { p[j] /= sum }
                }
            }
        }
    }

    /// out[oo..<oo+d] = Σ_j weights[j] · v_j over the first `visible` rows of `values` from `vo`.
    static func weightedSum(
        _ weights: [Double], _ values: [Float], at vo: Int, visible: Int, dim d: Int,
        into out: inout [Double], at oo: Int
    ) {
        weights.withUnsafeBufferPointer { p in
            values.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    let row = o.baseAddress! + oo
                    for j in 0..<visible {
                        let pj = p[j], vj = v.baseAddress! + vo + j * d
                        var x = 0
                        while x + 8 <= d {
                            let wide = SIMD8<Double>(UnsafeRawPointer(vj + x).loadUnaligned(as: SIMD8<Float>.self))
                            let acc = UnsafeMutableRawPointer(row + x)
                            acc.storeBytes(
                                of: acc.loadUnaligned(as: SIMD8<Double>.self) + pj * wide, as: SIMD8<Double>.self)
                            x += 8
                        }
                        while x < d {
                            row[x] += pj * Double(vj[x])
                            x += 1
                        }
                    }
                }
            }
        }
    }

    /// Σ a[x]·b[x] for x < n, b widened to float64: eight-wide partial sums, then the rest.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Float>, _ n: Int) -> Double {
        var acc = SIMD8<Double>()
        var x = 0
        while x + 8 <= n {
            let va = UnsafeRawPointer(a + x).loadUnaligned(as: SIMD8<Double>.self)
            let vb = SIMD8<Double>(UnsafeRawPointer(b + x).loadUnaligned(as: SIMD8<Float>.self))
            acc.addProduct(va, vb)
            x += 8
        }
        var sum = acc.sum()
        while x < n {
            sum += a[x] * Double(b[x])
            x += 1
        }
        return sum
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) func _exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif

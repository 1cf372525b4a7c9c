/// Attention computed in float64 with the textbook formula, for tests and accuracy
/// metrics: O = softmax(scale·QKᵀ + mask)·V, with libm's `exp`. A query row that sees no
/// key (possible with causal masking when Lq > Lkv) gives O = 0, as the kernels do.
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
        for b in 0..<q.batch {
            for h in 0..<q.heads {
                let kh = h / g
                for (row, i) in positions.enumerated() {
                    let qo = q.rowOffset(batch: b, head: h, position: i)
                    let oo = ((b * q.heads + h) * np + row) * d
                    var mx = -Double.infinity
                    let visible = causal ? min(lk, max(0, i + offset + 1)) : lk
                    for j in 0..<visible {
                        let ko = k.rowOffset(batch: b, head: kh, position: j)
                        var dot = 0.0
                        for x in 0..<d { dot += Double(q.storage[qo + x]) * Double(k.storage[ko + x]) }
                        scores[j] = dot * s
                        mx = max(mx, scores[j])
                    }
                    guard visible > 0 else { continue }
                    var sum = 0.0
                    for j in 0..<visible {
                        scores[j] = _exp(scores[j] - mx)
                        sum += scores[j]
                    }
                    for j in 0..<visible {
                        let p = scores[j] / sum
                        let vo = v.rowOffset(batch: b, head: kh, position: j)
                        for x in 0..<d { out[oo + x] += p * Double(v.storage[vo + x]) }
                    }
                }
            }
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) func _exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif

import Foundation
import XCTest

@testable import AttentionKernels

/// The float64 reference every kernel is checked against is itself checked here, against
/// the formula written as plainly as possible (one scalar loop per sum, per-element
/// subscripts), on odd shapes: head dims around the eight-wide dot product's edges, GQA,
/// causal with more and fewer queries than keys, and a subset of query positions.
final class ReferenceAttentionTests: XCTestCase {
    /// O = softmax(scale·QKᵀ + causal mask)·V, one query row at a time, no tricks.
    func plain(_ q: Tensor4, _ k: Tensor4, _ v: Tensor4, causal: Bool, scale: Double, positions: [Int]) -> [Double] {
        let g = q.heads / k.heads, offset = k.length - q.length
        var out: [Double] = []
        for b in 0..<q.batch {
            for h in 0..<q.heads {
                for i in positions {
                    let visible = causal ? min(k.length, max(0, i + offset + 1)) : k.length
                    var logits: [Double] = []
                    for j in 0..<visible {
                        var dot = 0.0
                        for x in 0..<q.dim { dot += Double(q[b, h, i, x]) * Double(k[b, h / g, j, x]) }
                        logits.append(dot * scale)
                    }
                    let mx = logits.max() ?? 0
                    let weights = logits.map { Foundation.exp($0 - mx) }
                    let total = weights.reduce(0, +)
                    for x in 0..<q.dim {
                        var o = 0.0
                        for j in 0..<visible { o += weights[j] / total * Double(v[b, h / g, j, x]) }
                        out.append(o)
                    }
                }
            }
        }
        return out
    }

    func testMatchesThePlainFormulaOnOddShapes() {
        let shapes: [(b: Int, hq: Int, hkv: Int, lq: Int, lk: Int, d: Int)] = [
            (1, 1, 1, 1, 1, 1), (1, 2, 1, 5, 9, 7), (2, 4, 2, 13, 13, 8), (1, 3, 3, 17, 11, 9),
            (1, 4, 1, 9, 31, 17), (2, 2, 2, 6, 4, 67)
        ]
        let dist = InputDistribution(std: 2)
        for (n, s) in shapes.enumerated() {
            let q = dist.tensor(batch: s.b, heads: s.hq, length: s.lq, dim: s.d, seed: UInt64(n), stream: 0)
            let k = dist.tensor(batch: s.b, heads: s.hkv, length: s.lk, dim: s.d, seed: UInt64(n), stream: 1)
            let v = dist.tensor(batch: s.b, heads: s.hkv, length: s.lk, dim: s.d, seed: UInt64(n), stream: 2)
            let scale = 1 / Double(s.d).squareRoot()
            let some = Array(stride(from: s.lq - 1, through: 0, by: -3))
            for causal in [false, true] {
                for positions in [Array(0..<s.lq), some] {
                    let got = ReferenceAttention.compute(
                        q: q, k: k, v: v, causal: causal, scale: nil, positions: positions)
                    let want = plain(q, k, v, causal: causal, scale: scale, positions: positions)
                    XCTAssertEqual(got.count, want.count, "\(s)")
                    let worst = zip(got, want).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
                    XCTAssertLessThan(worst, 1e-12, "\(s) causal \(causal) positions \(positions.count)")
                }
            }
        }
    }
}

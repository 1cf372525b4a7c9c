import XCTest

@testable import AttentionKernels

/// Every algorithm × head layout × causal against the float64 reference on odd shapes.
final class KernelAccuracyTests: XCTestCase {
    struct Case {
        var b = 1, hq = 4, hkv = 4, lq = 17, lk = 17, d = 64
        var tile = TileSize(rows: 32, cols: 16)
    }

    static let layouts: [(hq: Int, hkv: Int)] = [(4, 4), (8, 2), (4, 1)]

    func check(
        _ c: Case, _ algorithm: Algorithm, causal: Bool, std: Double = 1, packing: Bool = true,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let dist = InputDistribution(std: std)
        let q = dist.tensor(batch: c.b, heads: c.hq, length: c.lq, dim: c.d, seed: 7, stream: 0)
        let k = dist.tensor(batch: c.b, heads: c.hkv, length: c.lk, dim: c.d, seed: 7, stream: 1)
        let v = dist.tensor(batch: c.b, heads: c.hkv, length: c.lk, dim: c.d, seed: 7, stream: 2)
        let out = try AttentionPlan.compute(
            q: q, k: k, v: v,
            options: AttentionOptions(
                algorithm: algorithm, tile: c.tile, causal: causal, gqaPacking: packing))
        let ref = ReferenceAttention.compute(q: q, k: k, v: v, causal: causal)
        let m = AccuracyMetrics(output: out, reference: ref)
        let tol = 2e-5 * max(1, m.referenceMaxAbs)
        XCTAssertLessThanOrEqual(
            m.maxAbsError, tol,
            "\(algorithm.rawValue) Hq=\(c.hq) Hkv=\(c.hkv) Lq=\(c.lq) Lkv=\(c.lk) D=\(c.d) tile=\(c.tile) causal=\(causal)",
            file: file, line: line)
    }

    func testAllAlgorithmsLayoutsAndMasksOnOddShapes() throws {
        let shapes: [(lq: Int, lk: Int, d: Int, tile: TileSize)] = [
            (1, 1, 16, TileSize(rows: 32, cols: 16)),
            (17, 17, 40, TileSize(rows: 32, cols: 16)),
            (130, 130, 64, TileSize(rows: 16, cols: 48)),
            (1, 300, 128, TileSize(rows: 64, cols: 64)),
            (37, 130, 64, TileSize(rows: 32, cols: 16))
        ]
        for algorithm in Algorithm.allCases {
            for (hq, hkv) in Self.layouts {
                for s in shapes {
                    for causal in [false, true] {
                        try check(
                            Case(b: 1, hq: hq, hkv: hkv, lq: s.lq, lk: s.lk, d: s.d, tile: s.tile), algorithm,
                            causal: causal)
                    }
                }
            }
        }
    }
}

import XCTest

@testable import AttentionKernels

final class HadamardTransformTests: XCTestCase {
    static let dims = [1, 2, 4, 8, 16, 32, 64, 128, 256]

    func gaussian(_ count: Int, seed: UInt64, stream: UInt64) -> [Float] {
        var rng = GaussianSource(seed: seed, stream: stream)
        return (0..<count).map { _ in Float(rng.nextNormal()) }
    }

    func transformed(_ x: [Float], _ h: HadamardTransform, inverse: Bool = false) -> [Float] {
        var y = x
        y.withUnsafeMutableBufferPointer {
            if inverse { h.applyInverse($0, rows: x.count / h.dim) } else { h.apply($0, rows: x.count / h.dim) }
        }
        return y
    }

    func testMatchesTheExplicitMatrix() throws {
        for dim in Self.dims {
            let h = try HadamardTransform(dim: dim, seed: 42)
            let x = gaussian(3 * dim, seed: 1, stream: 0)
            let y = transformed(x, h)
            // Sylvester H: H[i][j] = (−1)^popcount(i & j).
            for r in 0..<3 {
                for j in 0..<dim {
                    var sum = 0.0
                    for i in 0..<dim {
                        let hij: Double = (i & j).nonzeroBitCount % 2 == 0 ? 1 : -1
                        sum += Double(x[r * dim + i]) * Double(h.signs[i]) * hij
                    }
                    let want = sum / Double(dim).squareRoot()
                    XCTAssertEqual(
                        Double(y[r * dim + j]), want, accuracy: 1e-5 * max(1, abs(want)), "D=\(dim) row \(r) col \(j)")
                }
            }
        }
    }

    func testOrthogonalKeepsNormsAndInverseIsExactToFloatTolerance() throws {
        for dim in Self.dims {
            let h = try HadamardTransform(dim: dim, seed: 7)
            let rows = 5
            let x = gaussian(rows * dim, seed: 2, stream: 1)
            let y = transformed(x, h)
            for r in 0..<rows {
                let nx = x[(r * dim)..<((r + 1) * dim)].reduce(0) { $0 + Double($1) * Double($1) }
                let ny = y[(r * dim)..<((r + 1) * dim)].reduce(0) { $0 + Double($1) * Double($1) }
                XCTAssertEqual(ny, nx, accuracy: 1e-5 * nx, "D=\(dim) row \(r)")
            }
            let back = transformed(y, h, inverse: true)
            for i in 0..<x.count {
                XCTAssertEqual(back[i], x[i], accuracy: 1e-5 * max(1, abs(x[i])), "D=\(dim) element \(i)")
            }
            let forth = transformed(transformed(x, h, inverse: true), h)
            for i in 0..<x.count {
                XCTAssertEqual(forth[i], x[i], accuracy: 1e-5 * max(1, abs(x[i])), "D=\(dim) inverse first")
            }
        }
    }

    func testQKTransposeIsPreserved() throws {
        for dim in [16, 64, 128] {
            let h = try HadamardTransform(dim: dim, seed: 99)
            let rows = 8
            let q = gaussian(rows * dim, seed: 3, stream: 0), k = gaussian(rows * dim, seed: 3, stream: 1)
            let qm = transformed(q, h), km = transformed(k, h)
            for i in 0..<rows {
                for j in 0..<rows {
                    var before = 0.0, after = 0.0, scale = 0.0
                    for d in 0..<dim {
                        before += Double(q[i * dim + d]) * Double(k[j * dim + d])
                        after += Double(qm[i * dim + d]) * Double(km[j * dim + d])
                        scale += abs(Double(q[i * dim + d]) * Double(k[j * dim + d]))
                    }
                    XCTAssertEqual(after, before, accuracy: 1e-5 * max(1, scale), "D=\(dim) (\(i), \(j))")
                }
            }
        }
    }

    func testSignsAreSeededRandomPlusMinusOne() throws {
        let a = try HadamardTransform(dim: 64, seed: 1), b = try HadamardTransform(dim: 64, seed: 1)
        let c = try HadamardTransform(dim: 64, seed: 2)
        XCTAssertEqual(a.signs, b.signs)
        XCTAssertNotEqual(a.signs, c.signs)
        XCTAssertTrue(a.signs.allSatisfy { $0 == 1 || $0 == -1 })
        let plus = a.signs.filter { $0 == 1 }.count
        XCTAssertTrue((16...48).contains(plus), "\(plus) of 64 signs are +1")
    }

    func testRowsAreIndependentAndZeroRowsIsANoOp() throws {
        let h = try HadamardTransform(dim: 32, seed: 5)
        let x = gaussian(4 * 32, seed: 9, stream: 2)
        let all = transformed(x, h)
        for r in 0..<4 {
            XCTAssertEqual(Array(all[(r * 32)..<((r + 1) * 32)]), transformed(Array(x[(r * 32)..<((r + 1) * 32)]), h))
        }
        var y = x
        y.withUnsafeMutableBufferPointer { h.apply($0, rows: 0) }
        XCTAssertEqual(y, x)
        // Only the first `rows` rows change.
        y.withUnsafeMutableBufferPointer { h.apply($0, rows: 1) }
        XCTAssertEqual(Array(y[32...]), Array(x[32...]))
    }

    func testNonPowerOfTwoDimensionIsRefused() {
        for dim in [0, -4, 3, 6, 12, 48, 96, 100, 192] {
            do {
                _ = try HadamardTransform(dim: dim, seed: 1)
                XCTFail("dim \(dim) accepted")
            } catch {
                XCTAssertEqual(error.kind, .precision)
                XCTAssertTrue(error.message.contains("dim \(dim)"), error.message)
                XCTAssertTrue(error.message.contains("power-of-two"), error.message)
            }
        }
    }
}

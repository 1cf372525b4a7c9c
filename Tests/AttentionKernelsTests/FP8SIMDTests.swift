import XCTest

@testable import AttentionKernels

/// `roundToGrid` (SIMD16) against the scalar `round(_:saturate: true)`, lane by lane,
/// bit for bit (NaN lanes included: both pass the input through).
final class FP8SIMDTests: XCTestCase {
    /// Rounds `inputs` 16 at a time (rotated so each value visits several lanes) and
    /// returns the number of lanes compared.
    @discardableResult
    func compare(_ f: FP8Format, _ inputs: [Float], file: StaticString = #filePath, line: UInt = #line) -> Int {
        var failures = 0, compared = 0
        var padded = inputs
        while padded.count % 16 != 0 { padded.append(0) }
        for rotation in [0, 5] {
            var i = 0
            while i < padded.count {
                var v = SIMD16<Float>()
                for l in 0..<16 { v[l] = padded[i + (l + rotation) % 16] }
                let g = f.roundToGrid(v)
                for l in 0..<16 where g[l].bitPattern != f.round(v[l]).bitPattern {
                    failures += 1
                    if failures <= 10 {
                        XCTFail(
                            "\(f) roundToGrid(0x\(String(v[l].bitPattern, radix: 16))) = \(g[l]), round = \(f.round(v[l]))",
                            file: file, line: line)
                    }
                }
                compared += 16
                i += 16
            }
        }
        XCTAssertEqual(failures, 0, "\(f): \(failures) lanes differ", file: file, line: line)
        return compared
    }

    func testBoundaryInputs() {
        for f in FP8Format.allCases {
            var inputs: [Float] = [
                0, .infinity, .nan, Float(bitPattern: 0x7F80_0001), Float(bitPattern: 0x7FFF_FFFF),
                .greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude,
                464, 480, 61440, 65536, f.maxFinite, f.minNormal, f.minSubnormal
            ]
            for c in FP8Reference.positiveCodes(f) {
                let lo = f.decode(c)
                let next = c < f.maxFiniteCode ? f.decode(c + 1) : 2 * f.maxFinite - f.decode(c - 1)
                let mid = (lo + next) / 2
                inputs += [lo, lo.nextUp, lo.nextDown, mid, mid.nextUp, mid.nextDown]
            }
            for k in -149...127 {
                let x = Float(sign: .plus, exponent: k, significand: 1)
                inputs += [x, x.nextUp, x.nextDown]
            }
            inputs += inputs.map { -$0 }
            XCTAssertGreaterThan(compare(f, inputs), 3000)
        }
    }

    func testRandomBitPatternsAndValues() {
        var uniform = Xoshiro256StarStar(seed: 2024, stream: 7)
        var normal = GaussianSource(seed: 2024, stream: 8)
        for f in FP8Format.allCases {
            var inputs: [Float] = []
            // Any bit pattern (mostly huge or tiny magnitudes, some NaNs).
            for _ in 0..<16_384 { inputs.append(Float(bitPattern: UInt32(truncatingIfNeeded: uniform.next()))) }
            // Magnitudes where the format's grid is (2^-20 … 2^17), random mantissas.
            for _ in 0..<32_768 {
                let r = uniform.next()
                let exponent = UInt32(127 - 20) + UInt32(r % 38)
                let bits = (UInt32(truncatingIfNeeded: r >> 32) & 0x807F_FFFF) | (exponent << 23)
                inputs.append(Float(bitPattern: bits))
            }
            // Gaussian values scaled as the kernels scale P and the quantizer scales Q, K, V.
            for _ in 0..<8_192 { inputs.append(Float(normal.nextNormal()) * f.maxFinite / 4) }
            XCTAssertEqual(compare(f, inputs), 2 * inputs.count)
        }
    }
}

import XCTest

@testable import AttentionKernels

/// Round-to-nearest-even at every midpoint, the subnormal range, overflow in both
/// modes, and special values.
final class FP8RoundingTests: XCTestCase {
    /// Checks encode (both modes) and round (both modes) of `x` and of `-x`.
    func expect(
        _ f: FP8Format, _ x: Float, code: UInt8, saturatedCode: UInt8? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let sat = saturatedCode ?? code
        for (value, sign) in [(x, UInt8(0)), (-x, UInt8(0x80))] {
            let msg = "\(f) x=\(value) (0x\(String(value.bitPattern, radix: 16)))"
            XCTAssertEqual(f.encode(value, saturate: false), code | sign, msg, file: file, line: line)
            XCTAssertEqual(f.encode(value, saturate: true), sat | sign, msg + " saturating", file: file, line: line)
            XCTAssertEqual(f.encode(value), sat | sign, msg + " default mode", file: file, line: line)
            XCTAssertEqual(
                f.round(value, saturate: false).bitPattern, f.decode(code | sign).bitPattern, msg,
                file: file, line: line)
            XCTAssertEqual(
                f.round(value).bitPattern, f.decode(sat | sign).bitPattern, msg + " saturating",
                file: file, line: line)
        }
    }

    func testTiesToEvenAtEveryMidpointAndOneUlpAside() {
        for f in FP8Format.allCases {
            var pairs = 0
            for c in FP8Reference.positiveCodes(f).dropLast() {
                let lo = f.decode(c), hi = f.decode(c + 1)
                let mid = (lo + hi) / 2  // exact: both have at most 4 significant bits
                XCTAssertEqual(Double(mid), (Double(lo) + Double(hi)) / 2)
                let even = c % 2 == 0 ? c : c + 1
                expect(f, mid, code: even)
                expect(f, mid.nextDown, code: c)
                expect(f, mid.nextUp, code: c + 1)
                // The neighbours themselves, and one ulp inside them.
                expect(f, lo, code: c)
                expect(f, hi, code: c + 1)
                if lo > 0 { expect(f, lo.nextUp, code: c) }
                expect(f, hi.nextDown, code: c + 1)
                pairs += 1
            }
            XCTAssertEqual(pairs, Int(f.maxFiniteCode))
        }
    }

    func testSubnormalBoundaries() {
        for f in FP8Format.allCases {
            let sub = f.minSubnormal, m = UInt8(1 << f.mantissaBits)
            expect(f, sub / 2, code: 0)  // tie between 0 and minSubnormal → 0 (even)
            expect(f, (sub / 2).nextUp, code: 1)
            expect(f, (sub / 2).nextDown, code: 0)
            expect(f, sub / 4, code: 0)
            expect(f, 1.5 * sub, code: 2)  // tie between codes 1 and 2 → 2
            expect(f, 2.5 * sub, code: 2)  // tie between codes 2 and 3 → 2
            expect(f, f.minNormal - sub / 2, code: m)  // tie between largest subnormal and minNormal
            expect(f, (f.minNormal - sub / 2).nextDown, code: m - 1)
            expect(f, f.minNormal, code: m)
            expect(f, f.minNormal.nextDown, code: m)
            // float32 subnormals and the smallest float32s flush to a signed zero.
            expect(f, .leastNonzeroMagnitude, code: 0)
            expect(f, .leastNormalMagnitude, code: 0)
            expect(f, Float(bitPattern: 0x007F_FFFF), code: 0)
            XCTAssertEqual(f.round(-.leastNonzeroMagnitude).bitPattern, 0x8000_0000, "-tiny rounds to -0")
        }
        // Named values: E4M3's grid below 2^-6 is k·2^-9, E5M2's is k·2^-16.
        XCTAssertEqual(FP8Format.e4m3.round(0x1p-10), 0)
        XCTAssertEqual(FP8Format.e4m3.round(0x1.000002p-10), 0x1p-9)
        XCTAssertEqual(FP8Format.e4m3.round(0x1.4p-7), 0x1.4p-7)  // 5·2^-9 is on the grid
        XCTAssertEqual(FP8Format.e5m2.round(0x1p-17), 0)
        XCTAssertEqual(FP8Format.e5m2.round(0x1.8p-16), 0x1p-15)  // 1.5·2^-16 ties to 2·2^-16
    }

    func testOverflowBoundaryE4M3() {
        let f = FP8Format.e4m3, nan = f.overflowCode, max = f.maxFiniteCode
        expect(f, 448, code: max)
        expect(f, 464, code: max)  // midpoint 448 | 480 ties down to 448 (even)
        expect(f, Float(464).nextDown, code: max)
        expect(f, Float(464).nextUp, code: nan, saturatedCode: max)
        expect(f, 480, code: nan, saturatedCode: max)
        expect(f, 1e6, code: nan, saturatedCode: max)
        expect(f, .greatestFiniteMagnitude, code: nan, saturatedCode: max)
        expect(f, .infinity, code: nan, saturatedCode: max)
        XCTAssertEqual(f.round(500), 448)
        XCTAssertEqual(f.round(-500), -448)
        XCTAssertTrue(f.round(500, saturate: false).isNaN)
        XCTAssertTrue(f.round(-.infinity, saturate: false).isNaN)
    }

    func testOverflowBoundaryE5M2() {
        let f = FP8Format.e5m2, inf = f.overflowCode, max = f.maxFiniteCode
        expect(f, 57344, code: max)
        expect(f, Float(61440).nextDown, code: max)
        expect(f, 61440, code: inf, saturatedCode: max)  // midpoint 57344 | 65536 ties up (even) → inf
        expect(f, 65536, code: inf, saturatedCode: max)
        expect(f, .greatestFiniteMagnitude, code: inf, saturatedCode: max)
        expect(f, .infinity, code: inf, saturatedCode: max)
        XCTAssertEqual(f.round(61440, saturate: false), .infinity)
        XCTAssertEqual(f.round(-61440, saturate: false), -.infinity)
        XCTAssertEqual(f.round(-.infinity), -57344)
    }

    func testSignedZeroInfinityAndNaN() {
        for f in FP8Format.allCases {
            XCTAssertEqual(f.encode(0), 0x00)
            XCTAssertEqual(f.encode(-0.0), 0x80)
            XCTAssertEqual(f.round(0).bitPattern, 0)
            XCTAssertEqual(f.round(-0.0).bitPattern, 0x8000_0000)
            let nans: [UInt32] = [0x7FC0_0000, 0x7F80_0001, 0x7FBF_FFFF, 0x7FFF_FFFF, 0x7FC1_2345]
            for bits in nans {
                for sign: UInt32 in [0, 0x8000_0000] {
                    let x = Float(bitPattern: bits | sign)
                    for saturate in [false, true] {
                        XCTAssertEqual(f.encode(x, saturate: saturate), f.nanCode | (sign == 0 ? 0 : 0x80))
                        // round passes a NaN through unchanged, payload included.
                        XCTAssertEqual(f.round(x, saturate: saturate).bitPattern, bits | sign)
                    }
                }
            }
        }
    }

    func testEveryPowerOfTwo() {
        // 2^k for every float32 exponent, and one ulp either side, against the
        // grid's own description: on the grid inside the range, 0 below, overflow above.
        for f in FP8Format.allCases {
            for k in -149...127 {
                let x = Float(sign: .plus, exponent: k, significand: 1)
                let expected: Float
                if x > f.maxFinite {
                    expected = f.maxFinite
                } else if x < f.minSubnormal / 2 || x == f.minSubnormal / 2 {
                    expected = 0
                } else {
                    expected = x
                }
                XCTAssertEqual(f.round(x), expected, "\(f) 2^\(k)")
                XCTAssertEqual(f.round(-x), -expected, "\(f) -2^\(k)")
                if x >= f.minNormal && x <= f.maxFinite {
                    XCTAssertEqual(f.round(x.nextUp), x)
                    XCTAssertEqual(f.round(x.nextDown), x)
                }
            }
        }
    }
}

import XCTest

@testable import AttentionKernels

/// An FP8 value computed from the code's sign, exponent and mantissa fields in Double,
/// independently of the converter: the OCP spec's formula.
enum FP8Reference {
    enum Value: Equatable {
        case finite(Double), infinity(negative: Bool), nan(negative: Bool)
    }

    static func value(of code: UInt8, _ format: FP8Format) -> Value {
        let (eBits, mBits, bias) = format == .e4m3 ? (4, 3, 7) : (5, 2, 15)
        let negative = code & 0x80 != 0
        let e = Int(code >> mBits) & ((1 << eBits) - 1)
        let m = Int(code) & ((1 << mBits) - 1)
        let eMax = (1 << eBits) - 1
        switch format {
        case .e4m3 where e == eMax && m == (1 << mBits) - 1: return .nan(negative: negative)
        case .e5m2 where e == eMax: return m == 0 ? .infinity(negative: negative) : .nan(negative: negative)
        default: break
        }
        let magnitude =
            e == 0
            ? Double(m) * pow(2, Double(1 - bias - mBits))  // subnormal
            : (1 + Double(m) / Double(1 << mBits)) * pow(2, Double(e - bias))  // normal
        return .finite(negative ? -magnitude : magnitude)
    }

    /// Codes 0 … maxFiniteCode: the non-negative finite values, in increasing order.
    static func positiveCodes(_ format: FP8Format) -> ClosedRange<UInt8> { 0...format.maxFiniteCode }
}

/// Exhaustive checks of decode and of encode on every FP8 value.
final class FP8FormatTests: XCTestCase {
    func testEveryCodeDecodesToTheValueOfItsFields() {
        for format in FP8Format.allCases {
            for c in 0...255 {
                let code = UInt8(c)
                let got = format.decode(code)
                switch FP8Reference.value(of: code, format) {
                case .finite(let v):
                    XCTAssertEqual(Double(got), v, "\(format) code 0x\(String(c, radix: 16))")
                    XCTAssertEqual(got.sign == .minus, code & 0x80 != 0, "\(format) sign of 0x\(String(c, radix: 16))")
                    XCTAssertFalse(format.isNaN(code: code))
                case .infinity(let negative):
                    XCTAssertEqual(got, negative ? -.infinity : .infinity, "\(format) 0x\(String(c, radix: 16))")
                case .nan(let negative):
                    XCTAssertTrue(got.isNaN && format.isNaN(code: code), "\(format) 0x\(String(c, radix: 16))")
                    // ml_dtypes decodes every NaN code to the default quiet NaN with its sign.
                    XCTAssertEqual(got.bitPattern, negative ? 0xFFC0_0000 : 0x7FC0_0000)
                }
            }
        }
    }

    func testEveryCodeReencodesToItself() {
        for format in FP8Format.allCases {
            for c in 0...255 {
                let code = UInt8(c)
                let x = format.decode(code)
                for saturate in [false, true] {
                    let back = format.encode(x, saturate: saturate)
                    if format.isNaN(code: code) {
                        XCTAssertTrue(
                            format.isNaN(code: back),
                            "\(format) NaN 0x\(String(c, radix: 16)) → 0x\(String(back, radix: 16))")
                        XCTAssertEqual(back & 0x80, code & 0x80, "NaN keeps its sign")
                    } else if x.isInfinite {
                        XCTAssertEqual(back, saturate ? (code & 0x80) | format.maxFiniteCode : code)
                    } else {
                        XCTAssertEqual(back, code, "\(format) 0x\(String(c, radix: 16)) = \(x), saturate \(saturate)")
                        XCTAssertEqual(format.round(x, saturate: saturate).bitPattern, x.bitPattern)
                    }
                }
            }
        }
    }

    func testCodeCountsAndLayout() {
        func count(_ f: FP8Format, _ p: (Float) -> Bool) -> Int { (0...255).filter { p(f.decode(UInt8($0))) }.count }
        XCTAssertEqual(count(.e4m3) { $0.isNaN }, 2)
        XCTAssertEqual(count(.e4m3) { $0.isInfinite }, 0)
        XCTAssertEqual(count(.e5m2) { $0.isNaN }, 6)
        XCTAssertEqual(count(.e5m2) { $0.isInfinite }, 2)
        for f in FP8Format.allCases {
            // Positive finite values strictly increase with the code.
            let values = FP8Reference.positiveCodes(f).map { f.decode($0) }
            XCTAssertEqual(values, values.sorted())
            XCTAssertEqual(Set(values).count, values.count)
            XCTAssertEqual(f.exponentBits + f.mantissaBits, 7)
        }
    }

    func testNamedConstants() {
        XCTAssertEqual(FP8Format.e4m3.maxFinite, 448)
        XCTAssertEqual(FP8Format.e5m2.maxFinite, 57344)
        for f in FP8Format.allCases {
            XCTAssertEqual(f.decode(f.maxFiniteCode), f.maxFinite)
            XCTAssertEqual(f.decode(1), f.minSubnormal)
            XCTAssertEqual(f.decode(UInt8(1 << f.mantissaBits)), f.minNormal)
            XCTAssertEqual(f.minNormal, Float(sign: .plus, exponent: 1 - f.bias, significand: 1))
            XCTAssertEqual(f.minSubnormal, Float(sign: .plus, exponent: 1 - f.bias - f.mantissaBits, significand: 1))
            XCTAssertTrue(f.decode(f.nanCode).isNaN && f.decode(f.nanCode | 0x80).isNaN)
        }
        XCTAssertEqual(FP8Format.e4m3.bias, 7)
        XCTAssertEqual(FP8Format.e5m2.bias, 15)
        XCTAssertTrue(FP8Format.e4m3.decode(FP8Format.e4m3.overflowCode).isNaN)
        XCTAssertEqual(FP8Format.e5m2.decode(FP8Format.e5m2.overflowCode), .infinity)
        XCTAssertEqual(FP8Format(precision: .fp8E4M3), .e4m3)
        XCTAssertEqual(FP8Format(precision: .fp8E5M2), .e5m2)
        XCTAssertNil(FP8Format(precision: .fp32))
    }
}

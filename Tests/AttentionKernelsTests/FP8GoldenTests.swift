import Foundation
import XCTest

@testable import AttentionKernels

/// Bit-for-bit comparison with ml_dtypes 0.6 (`float32.astype(float8_e4m3fn / float8_e5m2)`)
/// on the fixture written by `scripts/fp8_golden.py` (its docstring lists the inputs and
/// the layout). ml_dtypes never saturates, so it gives `encode(x, saturate: false)`; the
/// saturating mode is ml_dtypes with overflow clamped to ±maxFinite.
final class FP8GoldenTests: XCTestCase {
    struct Golden {
        var inputs: [UInt32] = []
        var codes: [FP8Format: [UInt8]] = [:]
        var decodeTables: [FP8Format: [UInt32]] = [:]
    }

    struct BadFixture: Error { let path: String }

    /// The fixture sits next to this file (the package declares no test resources).
    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fp8_golden.bin")

    func loadGolden() throws -> Golden {
        let data = try Data(contentsOf: Self.fixtureURL)
        let bytes = [UInt8](data)
        func u32(_ offset: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
        }
        guard bytes.count >= 16, Array(bytes[0..<8]) == Array("FP8GOLD1".utf8) else {
            throw BadFixture(path: Self.fixtureURL.path)
        }
        let n = Int(u32(8))
        XCTAssertEqual(bytes.count, 16 + 4 * n + 2 * n + 2 * 256 * 4, "fixture size")
        var g = Golden()
        g.inputs = (0..<n).map { u32(16 + 4 * $0) }
        var offset = 16 + 4 * n
        for f in FP8Format.allCases {
            g.codes[f] = Array(bytes[offset..<(offset + n)])
            offset += n
        }
        for f in FP8Format.allCases {
            g.decodeTables[f] = (0..<256).map { u32(offset + 4 * $0) }
            offset += 256 * 4
        }
        return g
    }

    func testFixtureCoversTheInterestingInputs() throws {
        let g = try loadGolden()
        XCTAssertGreaterThan(g.inputs.count, 300_000)
        let values = Set(g.inputs)
        for f in FP8Format.allCases {
            for c in FP8Reference.positiveCodes(f).dropLast() {
                let mid = (f.decode(c) + f.decode(c + 1)) / 2
                for x in [mid, mid.nextUp, mid.nextDown, -mid] {
                    XCTAssertTrue(values.contains(x.bitPattern), "\(f) midpoint input \(x) missing")
                }
            }
        }
        for special: Float in [464, 61440, .infinity, -.infinity, 0, -0.0] {
            XCTAssertTrue(values.contains(special.bitPattern))
        }
    }

    func testDecodeTablesMatchMLDtypes() throws {
        let g = try loadGolden()
        for f in FP8Format.allCases {
            let table = g.decodeTables[f] ?? []
            for c in 0..<256 {
                XCTAssertEqual(f.decode(UInt8(c)).bitPattern, table[c], "\(f) decode 0x\(String(c, radix: 16))")
            }
        }
    }

    func testEncodeAndRoundMatchMLDtypesBitForBit() throws {
        let g = try loadGolden()
        for f in FP8Format.allCases {
            let expected = g.codes[f] ?? []
            var mismatches = 0
            for (i, bits) in g.inputs.enumerated() {
                let x = Float(bitPattern: bits)
                let code = expected[i]
                let saturated = !x.isNaN && (code & 0x7F) == f.overflowCode ? (code & 0x80) | f.maxFiniteCode : code
                let gotNonsat = f.encode(x, saturate: false), gotSat = f.encode(x, saturate: true)
                let roundBits = f.round(x, saturate: false).bitPattern
                let expectedRound = x.isNaN ? bits : f.decode(code).bitPattern
                if gotNonsat != code || gotSat != saturated || roundBits != expectedRound {
                    mismatches += 1
                    if mismatches <= 10 {
                        XCTFail(
                            "\(f) x=0x\(String(bits, radix: 16)) (\(x)): ml_dtypes 0x\(String(code, radix: 16)), "
                                + "encode 0x\(String(gotNonsat, radix: 16)) / saturating 0x\(String(gotSat, radix: 16)), "
                                + "round 0x\(String(roundBits, radix: 16))")
                    }
                }
            }
            XCTAssertEqual(mismatches, 0, "\(f): \(mismatches) of \(g.inputs.count) inputs differ from ml_dtypes")
        }
    }

    func testRoundToGridMatchesMLDtypesClampedToMaxFinite() throws {
        let g = try loadGolden()
        for f in FP8Format.allCases {
            let expected = g.codes[f] ?? []
            let maxBits = f.maxFinite.bitPattern
            var mismatches = 0
            var i = 0
            while i + 16 <= g.inputs.count {
                var v = SIMD16<Float>()
                for l in 0..<16 { v[l] = Float(bitPattern: g.inputs[i + l]) }
                let r = f.roundToGrid(v)
                for l in 0..<16 {
                    let x = v[l], code = expected[i + l]
                    var want = f.decode(code).bitPattern
                    if x.isNaN {
                        want = x.bitPattern
                    } else if (code & 0x7F) == f.overflowCode {
                        want = maxBits | (x.bitPattern & 0x8000_0000)
                    }
                    if r[l].bitPattern != want { mismatches += 1 }
                }
                i += 16
            }
            XCTAssertEqual(mismatches, 0, "\(f): roundToGrid differs from clamped ml_dtypes on \(mismatches) inputs")
        }
    }
}

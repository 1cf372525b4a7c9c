import XCTest

@testable import AttentionKernels

final class FP8QuantizerTests: XCTestCase {
    func gaussian(_ count: Int, seed: UInt64, std: Float = 1) -> [Float] {
        var rng = GaussianSource(seed: seed, stream: 3)
        return (0..<count).map { _ in Float(rng.nextNormal()) * std }
    }

    func testBlockScaleMapsAmaxOntoMaxFiniteAndRoundsEveryListedRow() {
        for f in FP8Format.allCases {
            let dim = 37, rows = 6  // odd dim: SIMD part and scalar tail
            let original = gaussian(rows * dim, seed: 11, std: 3)
            var data = original
            let listed = [0, 2, 5].map { $0 * dim }
            let amax = listed.flatMap { o in original[o..<(o + dim)].map(abs) }.max() ?? 0
            let s = data.withUnsafeMutableBufferPointer {
                FP8Quantizer.quantizeBlock($0, rowOffsets: listed, dim: dim, format: f)
            }
            XCTAssertEqual(s, f.maxFinite / amax)
            for r in 0..<rows {
                for d in 0..<dim {
                    let i = r * dim + d
                    if listed.contains(r * dim) {
                        XCTAssertEqual(
                            data[i].bitPattern, (f.round(original[i] * s) / s).bitPattern, "\(f) row \(r) col \(d)")
                        // Relative error of a normal-range value: at most half a step, 2^-(M+1).
                        if abs(original[i] * s) >= f.minNormal {
                            let rel = abs(data[i] - original[i]) / abs(original[i])
                            XCTAssertLessThanOrEqual(
                                rel, Float(sign: .plus, exponent: -(f.mantissaBits + 1), significand: 1) * 1.0001)
                        }
                    } else {
                        XCTAssertEqual(data[i], original[i], "row \(r) is not in the block and must not change")
                    }
                }
            }
        }
    }

    func testAllZeroBlockGetsScaleOneAndKeepsSignedZeros() {
        var data: [Float] = [0, -0.0, 0, 0, -0.0, 0, 0, 0]
        let s = data.withUnsafeMutableBufferPointer {
            FP8Quantizer.quantizeBlock($0, rowOffsets: [0, 4], dim: 4, format: .e4m3)
        }
        XCTAssertEqual(s, 1)
        XCTAssertEqual(data.map(\.bitPattern), [0, 0x8000_0000, 0, 0, 0x8000_0000, 0, 0, 0])
    }

    func testNonFiniteValuesAreLeftOutOfAmax() {
        var data: [Float] = [1, -2, .infinity, .nan, 0.5, -.infinity, 0.25, 2]
        let s = data.withUnsafeMutableBufferPointer {
            FP8Quantizer.quantizeBlock($0, rowOffsets: [0], dim: 8, format: .e4m3)
        }
        XCTAssertEqual(s, 224)  // 448 / 2
        XCTAssertEqual(data[1], -2)
        XCTAssertEqual(data[2], 2, "+inf saturates to maxFinite / scale")
        XCTAssertTrue(data[3].isNaN)
        XCTAssertEqual(data[5], -2)
        XCTAssertEqual(FP8Quantizer.scale(forAmax: .nan, format: .e5m2), 1)
        XCTAssertEqual(FP8Quantizer.scale(forAmax: .leastNonzeroMagnitude, format: .e4m3), .greatestFiniteMagnitude)
        XCTAssertEqual(FP8Quantizer.scale(forAmax: 0, format: .e4m3), 1)
    }

    func testTensorHelpers() {
        let values = gaussian(2 * 3 * 5 * 16, seed: 5, std: 100)
        guard var t = Tensor4(batch: 2, heads: 3, length: 5, dim: 16, storage: values) else {
            return XCTFail("shape")
        }
        // Unscaled: plain rounding, saturating at ±448.
        var unscaled = t
        XCTAssertEqual(FP8Quantizer.quantizeTensor(&unscaled, format: .e4m3, scaled: false), 1)
        XCTAssertEqual(unscaled.storage, values.map { FP8Format.e4m3.round($0) })
        XCTAssertLessThanOrEqual(unscaled.maxAbs, 448)
        // Non-saturating: overflow becomes NaN for E4M3.
        var wild = t
        wild[0, 0, 0, 0] = 1000
        FP8Quantizer.quantizeTensor(&wild, format: .e4m3, scaled: false, saturate: false)
        XCTAssertTrue(wild.storage[0].isNaN)
        // Scaled: the same as one block over every row.
        var expected = values
        let rows = Array(stride(from: 0, to: values.count, by: 16))
        let s1 = expected.withUnsafeMutableBufferPointer {
            FP8Quantizer.quantizeBlock($0, rowOffsets: rows, dim: 16, format: .e5m2)
        }
        let s2 = FP8Quantizer.quantizeTensor(&t, format: .e5m2)
        XCTAssertEqual(s1, s2)
        XCTAssertEqual(t.storage, expected)
        // Codes: what the tensor would store.
        var codes = [UInt8](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { v in
            codes.withUnsafeMutableBufferPointer {
                FP8Quantizer.encode(v, scale: s2, format: .e5m2, into: $0)
            }
        }
        XCTAssertEqual(codes.map { FP8Format.e5m2.decode($0) / s2 }, expected)
    }

    /// `attnbench quantize`'s rounding: decode(encode(x)) per value, with or without one amax scale.
    func testArrayRoundingIsWhatAnFP8ArrayHolds() {
        let values = gaussian(1000, seed: 11, std: 30) + [.nan, -.nan, .infinity, 600, -1e-30]
        var plain = values
        XCTAssertEqual(FP8Quantizer.roundToFP8Values(&plain, format: .e4m3, scaled: false), 1)
        let decoded = values.map { FP8Format.e4m3.decode(FP8Format.e4m3.encode($0, saturate: true)) }
        XCTAssertEqual(plain.map(\.bitPattern), decoded.map(\.bitPattern), "NaNs become the FP8 NaN's float32 value")
        XCTAssertEqual(plain[values.count - 2], 448, "saturates")
        var open = values
        FP8Quantizer.roundToFP8Values(&open, format: .e4m3, scaled: false, saturate: false)
        XCTAssertTrue(open[values.count - 2].isNaN, "E4M3 without saturation: overflow is NaN")
        var scaled = values
        let s = FP8Quantizer.roundToFP8Values(&scaled, format: .e5m2, scaled: true)
        let amax = values.filter(\.isFinite).map(abs).max() ?? 0
        XCTAssertEqual(s, FP8Quantizer.scale(forAmax: amax, format: .e5m2))
        for (x, y) in zip(values, scaled) where x.isFinite {
            XCTAssertEqual(y, FP8Format.e5m2.decode(FP8Format.e5m2.encode(x * s, saturate: true)) / s)
        }
    }
}

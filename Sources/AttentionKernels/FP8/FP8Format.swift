// PROVISIONAL IMPLEMENTATION — to be replaced by the bit-exact converter (same API).

/// An OCP 8-bit floating-point format.
public enum FP8Format: String, CaseIterable, Sendable, Codable {
    case e4m3, e5m2

    public init?(precision: Precision) {
        switch precision {
        case .fp32: return nil
        case .fp8E4M3: self = .e4m3
        case .fp8E5M2: self = .e5m2
        }
    }

    /// Largest finite value: 448 (E4M3) or 57344 (E5M2).
    public var maxFinite: Float { self == .e4m3 ? 448 : 57344 }

    public func round(_ x: Float, saturate: Bool = true) -> Float {
        guard x.isFinite else { return x }
        let mant = self == .e4m3 ? 3 : 2
        let minExp = self == .e4m3 ? -6 : -14
        let a = abs(x)
        if a == 0 { return x }
        let e = max(Int(a.exponent), minExp)
        let step = Float(sign: .plus, exponent: e - mant, significand: 1)
        var r = (a / step).rounded(.toNearestOrEven) * step
        if r > maxFinite { r = saturate ? maxFinite : (self == .e4m3 ? .nan : .infinity) }
        return x < 0 ? -r : r
    }

    @inline(__always)
    public func roundToGrid(_ x: SIMD16<Float>) -> SIMD16<Float> {
        var r = x
        for i in 0..<16 { r[i] = round(x[i]) }
        return r
    }
}

public enum FP8Quantizer {
    public static func quantizeBlock(_ data: UnsafeMutableBufferPointer<Float>, rowOffsets: [Int], dim: Int,
                                     format: FP8Format) -> Float {
        var amax: Float = 0
        for o in rowOffsets { for d in 0..<dim { amax = max(amax, abs(data[o + d])) } }
        let s = amax > 0 ? format.maxFinite / amax : 1
        for o in rowOffsets { for d in 0..<dim { data[o + d] = format.round(data[o + d] * s) / s } }
        return s
    }
}

public struct HadamardTransform {
    public let dim: Int
    let signs: [Float]
    public init(dim: Int, seed: UInt64) throws(AttentionError) {
        guard dim > 0, dim & (dim - 1) == 0 else { throw AttentionError(.precision, "head_dim \(dim) is not a power of two") }
        self.dim = dim
        var rng = GaussianSource(seed: seed, stream: 99)
        signs = (0..<dim).map { _ in rng.next() & 1 == 0 ? 1 : -1 }
    }
    public func apply(_ data: UnsafeMutableBufferPointer<Float>, rows: Int) {
        let norm = 1 / Float(dim).squareRoot()
        for r in 0..<rows {
            let base = r * dim
            for d in 0..<dim { data[base + d] *= signs[d] }
            var h = 1
            while h < dim {
                var i = 0
                while i < dim {
                    for j in i..<(i + h) {
                        let a = data[base + j], b = data[base + j + h]
                        data[base + j] = a + b
                        data[base + j + h] = a - b
                    }
                    i += 2 * h
                }
                h *= 2
            }
            for d in 0..<dim { data[base + d] *= norm }
        }
    }
}

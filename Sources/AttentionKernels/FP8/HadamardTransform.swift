/// The random-sign Hadamard rotation used for incoherent processing (QuIP,
/// FlashAttention-3): x ← (x ⊙ signs) · H / √D along the head dimension, with H the
/// D×D Sylvester–Hadamard matrix and `signs` a seeded random ±1 vector.
///
/// Why: M = diag(signs) · H / √D is orthogonal, so applying it to both Q and K keeps
/// QKᵀ = (QM)(KM)ᵀ, while spreading outliers across all D coordinates before FP8
/// rounding, which lowers the quantization error.
///
/// Applied with the fast Walsh–Hadamard transform: D·log₂D additions per row, in
/// place, no allocation. D must be a power of two.
public struct HadamardTransform: Sendable {
    /// Length of each transformed row (the head dimension).
    public let dim: Int
    /// The ±1 factors, one per coordinate.
    public let signs: [Float]

    /// The `Xoshiro256StarStar` stream the signs are drawn from (from the plan's seed).
    public static let signStream: UInt64 = 99

    /// Draws `dim` random signs from `Xoshiro256StarStar(seed: seed, stream: signStream)`
    /// (bit 0 of each 64-bit draw: 0 → +1, 1 → −1). Refuses a `dim` that is not a
    /// positive power of two.
    public init(dim: Int, seed: UInt64) throws(AttentionError) {
        guard dim > 0, dim & (dim - 1) == 0 else {
            throw AttentionError(
                .precision,
                "Hadamard transform needs a power-of-two dimension (1, 2, 4, …, 64, 128, …); got dim \(dim)")
        }
        self.dim = dim
        var rng = Xoshiro256StarStar(seed: seed, stream: Self.signStream)
        signs = (0..<dim).map { _ in rng.next() & 1 == 0 ? 1 : -1 }
    }

    /// Transforms `rows` consecutive rows of `dim` floats in place: x ← (x ⊙ signs)·H/√dim.
    public func apply(_ data: UnsafeMutableBufferPointer<Float>, rows: Int) {
        transform(data, rows: rows, inverse: false)
    }

    /// Undoes `apply`: y ← (y·H/√dim) ⊙ signs (H is symmetric and H·H = dim·I).
    public func applyInverse(_ data: UnsafeMutableBufferPointer<Float>, rows: Int) {
        transform(data, rows: rows, inverse: true)
    }

    private func transform(_ data: UnsafeMutableBufferPointer<Float>, rows: Int, inverse: Bool) {
        precondition(rows >= 0 && rows * dim <= data.count, "\(rows) rows of \(dim) exceed the buffer of \(data.count)")
        guard let base = data.baseAddress, rows > 0 else { return }
        let norm = 1 / Float(dim).squareRoot()
        signs.withUnsafeBufferPointer { signBuffer in
            guard let s = signBuffer.baseAddress else { return }
            for r in 0..<rows {
                let row = base + r * dim
                if !inverse { multiply(row, by: s) }
                Self.walshHadamard(row, count: dim)
                scale(row, by: norm)
                if inverse { multiply(row, by: s) }
            }
        }
    }

    private func multiply(_ row: UnsafeMutablePointer<Float>, by s: UnsafePointer<Float>) {
        for d in 0..<dim { row[d] *= s[d] }
    }

    private func scale(_ row: UnsafeMutablePointer<Float>, by factor: Float) {
        for d in 0..<dim { row[d] *= factor }
    }

    /// Unnormalized in-place fast Walsh–Hadamard transform (Sylvester ordering) of
    /// `count` floats, `count` a power of two: butterflies (a, b) → (a + b, a − b) at
    /// strides 1, 2, 4, …; SIMD16 butterflies from stride 16 on.
    static func walshHadamard(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var h = 1
        while h < count && h < 16 {
            var i = 0
            while i < count {
                for j in i..<(i + h) {
                    let a = x[j], b = x[j + h]
                    x[j] = a + b
                    x[j + h] = a - b
                }
                i += 2 * h
            }
            h *= 2
        }
        while h < count {
            var i = 0
            while i < count {
                var j = i
                while j < i + h {
                    let pa = UnsafeMutableRawPointer(x + j), pb = UnsafeMutableRawPointer(x + j + h)
                    let a = pa.loadUnaligned(as: SIMD16<Float>.self), b = pb.loadUnaligned(as: SIMD16<Float>.self)
                    pa.storeBytes(of: a + b, as: SIMD16<Float>.self)
                    pb.storeBytes(of: a - b, as: SIMD16<Float>.self)
                    j += 16
                }
                i += 2 * h
            }
            h *= 2
        }
    }
}

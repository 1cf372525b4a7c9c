// Small, named unsafe operations the micro-kernels are built from. Everything that
// touches raw memory in the hot loops goes through these two functions.

typealias F16 = SIMD16<Float>

@inline(__always)
func load16(_ p: UnsafePointer<Float>) -> F16 {
    UnsafeRawPointer(p).loadUnaligned(as: F16.self)
}

@inline(__always)
func store16(_ p: UnsafeMutablePointer<Float>, _ v: F16) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: F16.self)
}

@inline(__always)
func roundUp(_ x: Int, _ m: Int) -> Int { (x + m - 1) / m * m }

/// Lane-wise max and min. The stdlib's `pointwiseMax`/`pointwiseMin` follow IEEE
/// maximum (NaN rules) and compile to a scalar loop per lane; a vector compare and blend
/// is one instruction each. Inputs here are never NaN.
@inline(__always)
func vmax(_ a: F16, _ b: F16) -> F16 { a.replacing(with: b, where: a .< b) }

@inline(__always)
func vmin(_ a: F16, _ b: F16) -> F16 { a.replacing(with: b, where: b .< a) }

/// A lane-wise "is −inf" mask compared vector to vector (vector-to-scalar comparisons
/// are not vectorized by the stdlib).
@inline(__always)
func isMinusInfinity(_ a: F16) -> SIMDMask<SIMD16<Int32>> { a .== F16(repeating: -.infinity) }

/// 2^x on 16 lanes at once, for the softmax's exponentials.
///
/// Why hand-written: the standard library's `exp` is a scalar libm call per element,
/// which would dominate attention at small head dims. Range reduction x = n + f with
/// n = round(x), |f| ≤ 1/2, then a degree-7 Taylor polynomial for e^(f·ln2) (relative
/// error below 1e-8, under float32's half-ulp) scaled by 2^n built from exponent bits.
/// Inputs below −126 (including −inf, the mask value) give exactly 0.
///
/// `@_transparent` rather than `@inline(__always)`: the optimizer stops inlining into a
/// caller that has grown large (the kernels' `unit` functions, with their micro-kernels
/// inlined), even for `__always`. A call that is not inlined passes the SIMD16 argument
/// split into four xmm registers and runs the whole polynomial 128 bits at a time: in a
/// `perf annotate` of flash on an Intel Xeon (AVX-512) the out-of-line exp2 took 19 % of
/// the samples and the softmax of a 64×64 tile 7.6 µs instead of 1.9 µs. Transparent
/// functions are inlined by the mandatory pass, whatever the caller's size.
@_transparent
func exp2Vector(_ x: F16) -> F16 {
    let clamped = vmin(vmax(x, F16(repeating: -126)), F16(repeating: 127))
    // Adding 1.5·2^23 rounds to the nearest even integer and leaves it in the low
    // mantissa bits (the stdlib's SIMD `rounded` and Int32 conversion are not vectorized).
    let magic = F16(repeating: 12_582_912)
    let shifted = clamped + magic
    let n = shifted - magic
    let f = (clamped - n) * 0.693_147_180_559_945_3  // in [−0.347, 0.347]
    var p = F16(repeating: 1.0 / 5040)
    p = F16(repeating: 1.0 / 720).addingProduct(p, f)
    p = F16(repeating: 1.0 / 120).addingProduct(p, f)
    p = F16(repeating: 1.0 / 24).addingProduct(p, f)
    p = F16(repeating: 1.0 / 6).addingProduct(p, f)
    p = F16(repeating: 0.5).addingProduct(p, f)
    p = F16(repeating: 1).addingProduct(p, f)
    p = F16(repeating: 1).addingProduct(p, f)
    let bits = (unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- (0x4B40_0000 - 127)) &<< 23
    let scale = unsafeBitCast(bits, to: F16.self)  // 2^n from its exponent bits
    return (p * scale).replacing(with: 0, where: x .< F16(repeating: -126))
}

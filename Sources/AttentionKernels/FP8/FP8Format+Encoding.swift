/// Scalar conversion between float32 and FP8 codes, done on `Float.bitPattern` with
/// integer rounding (no float arithmetic that the FP environment could change).
extension FP8Format {
    /// The FP8 code (sign bit 0x80, then exponent, then mantissa) of `x` rounded to
    /// nearest, ties to even.
    ///
    /// - NaN gives the format's NaN code with the sign of `x` (`nanCode`).
    /// - Values that round to a magnitude above `maxFinite`, and ±infinity:
    ///   with `saturate` (the default) ±`maxFinite`; without it `overflowCode` with the
    ///   sign of `x` (NaN for E4M3, ±infinity for E5M2), which is what ml_dtypes'
    ///   `astype(float8_e4m3fn / float8_e5m2)` gives, bit for bit. The boundary is the
    ///   midpoint above `maxFinite` (464 for E4M3, 61440 for E5M2), which ties to even:
    ///   down to 448 for E4M3, up to infinity for E5M2.
    /// - Magnitudes up to half of `minSubnormal` give a zero with the sign of `x`.
    @inlinable
    public func encode(_ x: Float, saturate: Bool = true) -> UInt8 {
        let bits = x.bitPattern
        let sign = UInt8(truncatingIfNeeded: bits >> 24) & 0x80
        let a = bits & 0x7FFF_FFFF
        if a > 0x7F80_0000 { return sign | nanCode }
        let magnitude = Self.magnitudeCode(a, layout)
        if magnitude <= UInt32(maxFiniteCode) { return sign | UInt8(truncatingIfNeeded: magnitude) }
        return sign | (saturate ? maxFiniteCode : overflowCode)
    }

    /// The float32 value of an FP8 code: exact for every finite code, ±infinity for
    /// E5M2's infinity codes, and a quiet NaN with the code's sign (bits 0x7FC00000 or
    /// 0xFFC00000, as ml_dtypes decodes) for NaN codes.
    @inlinable
    public func decode(_ code: UInt8) -> Float {
        let sign = UInt32(code & 0x80) << 24
        let magnitude = UInt32(code & 0x7F)
        if magnitude > UInt32(maxFiniteCode) {
            if self == .e5m2 && magnitude == 0x7C { return Float(bitPattern: sign | 0x7F80_0000) }
            return Float(bitPattern: sign | 0x7FC0_0000)
        }
        return Float(bitPattern: sign | Self.magnitudeBits(ofCode: magnitude, layout))
    }

    /// The (unsigned) code of the float32 magnitude `a` (bit pattern, not NaN) rounded
    /// to nearest even; above `maxFiniteCode` when the value overflows (infinity
    /// included).
    @inlinable
    static func magnitudeCode(_ a: UInt32, _ l: FP8Layout) -> UInt32 {
        if a >= l.minNormalBits {
            // Round the bit pattern to a multiple of 2^shift: add half − 1, plus 1 when the
            // kept part is odd (ties to even). A finite `a` cannot carry past the sign bit.
            let half = UInt32(1) << (l.shift - 1)
            let rounded = a &+ (half - 1) &+ ((a >> l.shift) & 1)
            return (rounded >> l.shift) - l.codeOffset
        }
        // Subnormal range: the value in units of minSubnormal is mant / 2^s, with the
        // implicit bit restored. s ≥ 25 always gives 0 (mant < 2^24, below one half);
        // float32 subnormals and zero (exponent 0) land there too.
        let s = min(l.shift + l.minNormalExponent - (a >> 23), 25)
        let mant = (a & 0x7F_FFFF) | 0x80_0000
        return (mant &+ ((1 << (s - 1)) - 1) &+ ((mant >> s) & 1)) >> s
    }

    /// Bit pattern of the (non-negative, finite) value of magnitude code `c`.
    @inlinable
    static func magnitudeBits(ofCode c: UInt32, _ l: FP8Layout) -> UInt32 {
        let mantissaLimit = UInt32(1) << (23 - l.shift)
        if c >= mantissaLimit { return (c + l.codeOffset) << l.shift }
        // Subnormal (or zero): c · minSubnormal, exact.
        let magic = Float(bitPattern: l.subnormalMagicBits)
        return (Float(bitPattern: l.subnormalMagicBits | c) - magic).bitPattern
    }
}

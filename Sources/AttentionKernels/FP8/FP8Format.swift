/// An OCP 8-bit floating-point format (OCP "OFP8" spec, 2023), simulated in float32.
///
/// - `e4m3` is E4M3 "fn": 4 exponent bits (bias 7), 3 mantissa bits, no infinities,
///   one NaN pattern per sign (`S.1111.111`), largest finite value 448.
/// - `e5m2`: 5 exponent bits (bias 15), 2 mantissa bits, IEEE-style infinities
///   (`S.11111.00`) and NaNs, largest finite value 57344.
///
/// Both keep subnormals. Conversion from float32 rounds to nearest, ties to even,
/// and is bit-exact with `ml_dtypes.float8_e4m3fn` / `float8_e5m2` in the
/// non-saturating mode (see `encode(_:saturate:)`). Why bit-exact: the benchmark's FP8
/// accuracy numbers are only comparable with other tools' if the grid is the same.
///
/// The conversions live in `FP8Format+Encoding.swift` (scalar) and
/// `FP8Format+SIMD.swift` (the vectorized rounding used inside the kernels).
public enum FP8Format: String, CaseIterable, Sendable, Codable {
    case e4m3, e5m2

    /// The format a precision stores Q, K and V in; nil for `fp32`.
    public init?(precision: Precision) {
        switch precision {
        case .fp32: return nil
        case .fp8E4M3: self = .e4m3
        case .fp8E5M2: self = .e5m2
        }
    }

    // MARK: - Layout

    /// Number of exponent bits: 4 (E4M3) or 5 (E5M2).
    public var exponentBits: Int { self == .e4m3 ? 4 : 5 }

    /// Number of explicit mantissa bits: 3 (E4M3) or 2 (E5M2).
    public var mantissaBits: Int { self == .e4m3 ? 3 : 2 }

    /// Exponent bias: 7 (E4M3) or 15 (E5M2).
    public var bias: Int { self == .e4m3 ? 7 : 15 }

    /// Whether the format has infinities (E5M2 does, E4M3 "fn" does not).
    public var hasInfinity: Bool { self == .e5m2 }

    // MARK: - Notable values

    /// Largest finite value: 448 (E4M3) or 57344 (E5M2). Saturating conversion clamps
    /// to ±maxFinite, and the quantizer scales a block's amax onto it.
    public var maxFinite: Float { self == .e4m3 ? 448 : 57344 }

    /// Smallest positive normal value: 2⁻⁶ (E4M3) or 2⁻¹⁴ (E5M2).
    public var minNormal: Float { self == .e4m3 ? 0x1p-6 : 0x1p-14 }

    /// Smallest positive subnormal value, the spacing of the grid below `minNormal`:
    /// 2⁻⁹ (E4M3) or 2⁻¹⁶ (E5M2). Values up to half of it round to (signed) zero.
    public var minSubnormal: Float { self == .e4m3 ? 0x1p-9 : 0x1p-16 }

    // MARK: - Notable codes (magnitude bits; OR 0x80 for the negative sign)

    /// Code of `maxFinite`: 0x7E (E4M3) or 0x7B (E5M2).
    public var maxFiniteCode: UInt8 { self == .e4m3 ? 0x7E : 0x7B }

    /// The NaN code a conversion produces (sign bit added): 0x7F (E4M3, the only NaN)
    /// or 0x7E (E5M2, a quiet NaN, as ml_dtypes produces).
    public var nanCode: UInt8 { self == .e4m3 ? 0x7F : 0x7E }

    /// What a non-saturating conversion gives on overflow (sign bit added): NaN for
    /// E4M3, which has no infinity; infinity (0x7C) for E5M2.
    public var overflowCode: UInt8 { self == .e4m3 ? 0x7F : 0x7C }

    /// Whether `code` (either sign) is a NaN.
    public func isNaN(code: UInt8) -> Bool {
        let magnitude = code & 0x7F
        return self == .e4m3 ? magnitude == 0x7F : magnitude > 0x7C
    }

    // MARK: - Rounding

    /// `x` rounded to the nearest value of this format (ties to even), as a float32.
    ///
    /// Equal to `decode(encode(x, saturate: saturate))` except that a NaN input is
    /// returned unchanged (payload included). With `saturate` (the default) overflow and
    /// ±infinity give ±`maxFinite`; without it they give what the OCP conversion and
    /// ml_dtypes give: NaN (E4M3) or ±infinity (E5M2).
    public func round(_ x: Float, saturate: Bool = true) -> Float {
        if x.isNaN { return x }
        return decode(encode(x, saturate: saturate))
    }
}

/// The constants of one format as float32 bit patterns and shift counts, so that the
/// scalar and SIMD conversions share one definition of the grid.
///
/// Let `M` be the mantissa bits and `shift = 23 − M` the float32 mantissa bits that
/// rounding removes. A float32 magnitude `a` (its bit pattern without the sign) is in
/// the FP8 normal range when `a ≥ minNormalBits`; there, rounding the bit pattern to a
/// multiple of `2^shift` is rounding the value to the FP8 grid (a carry into the
/// exponent field is the next binade), and `(a >> shift) − codeOffset` is the FP8
/// code. Below, the grid has the fixed spacing `minSubnormal`, and the code is the
/// value in units of it.
@usableFromInline
struct FP8Layout: Sendable {
    /// 23 − mantissa bits.
    @usableFromInline let shift: UInt32
    /// float32 biased exponent of `minNormal` (127 + 1 − bias): 121 or 113.
    @usableFromInline let minNormalExponent: UInt32
    /// Bit pattern of `minNormal`.
    @usableFromInline let minNormalBits: UInt32
    /// Bit pattern of `maxFinite`.
    @usableFromInline let maxFiniteBits: UInt32
    /// `(minNormalExponent − 1) << M`: float32 `(exponent, top mantissa)` minus this
    /// is the FP8 code of a normal value.
    @usableFromInline let codeOffset: UInt32
    /// Bit pattern of `2^23 · minSubnormal`: its float32 ulp is `minSubnormal`, so
    /// `(K | n) − K` is `n · minSubnormal` exactly.
    @usableFromInline let subnormalMagicBits: UInt32

    @inlinable
    init(mantissaBits m: UInt32, bias: UInt32, maxFiniteBits: UInt32) {
        shift = 23 - m
        minNormalExponent = 127 + 1 - bias
        minNormalBits = minNormalExponent << 23
        self.maxFiniteBits = maxFiniteBits
        codeOffset = (minNormalExponent - 1) << m
        // 2^23 · 2^(1 − bias − m): biased exponent 127 + 23 + 1 − bias − m.
        subnormalMagicBits = (127 + 23 + 1 - bias - m) << 23
    }

    // Computed, not stored: constant-folds into the callers (a stored static would be
    // a lazily initialised global, read through a once-check on every call).
    @inlinable static var e4m3: FP8Layout { FP8Layout(mantissaBits: 3, bias: 7, maxFiniteBits: 0x43E0_0000) }
    @inlinable static var e5m2: FP8Layout { FP8Layout(mantissaBits: 2, bias: 15, maxFiniteBits: 0x4760_0000) }
}

extension FP8Format {
    @inlinable
    var layout: FP8Layout {
        switch self {
        case .e4m3: return .e4m3
        case .e5m2: return .e5m2
        }
    }
}

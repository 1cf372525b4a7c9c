/// A seeded source of uniform and Gaussian numbers that gives the same bits on every
/// platform, compiler and thread count.
///
/// Why hand-written: the usual generators either differ between platforms
/// (`SystemRandomNumberGenerator`, libm's `log`/`cos` in Box–Muller) or are not
/// specified at the bit level. Here every step is integer arithmetic or IEEE-754
/// basic operations (+, −, ×, ÷, sqrt), which are correctly rounded everywhere:
///
/// - uniform bits: xoshiro256** (Blackman & Vigna 2018), state seeded by SplitMix64;
/// - uniform doubles: the top 53 bits of a draw times 2⁻⁵³, in [0, 1);
/// - normals: Marsaglia's polar method, with `log` computed by `DeterministicMath.log`
///   (range reduction on the exponent bits and an atanh series), not by libm.
public struct GaussianSource: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spare: Double?

    /// `stream` separates independent sequences from one seed (e.g. 0 = Q, 1 = K, 2 = V).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm); s1 = splitMix(&sm); s2 = splitMix(&sm); s3 = splitMix(&sm)
        spare = nil
    }

    /// Next 64 uniform bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Standard normal N(0, 1).
    public mutating func nextNormal() -> Double {
        if let s = spare { spare = nil; return s }
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * DeterministicMath.log(s) / s).squareRoot()
                spare = v * factor
                return u * factor
            }
        }
    }
}

/// Natural logarithm from basic IEEE operations only, so results are bit-identical
/// across platforms (libm implementations differ in the last bit).
public enum DeterministicMath {
    /// ln(x) for finite x > 0, accurate to a few ulps.
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite)
        // x = m · 2^e with m in [sqrt(1/2), sqrt(2)).
        var e = Int(x.exponent)
        var m = x.significand  // [1, 2)
        if x.isSubnormal {
            m = Double(sign: .plus, exponent: 0, significand: m)
        }
        if m > 1.4142135623730951 { m /= 2; e += 1 }
        // ln(m) = 2·atanh(t), t = (m − 1)/(m + 1), |t| < 0.1716.
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        var term = t
        var sum = 0.0
        var k = 1.0
        while k < 40 {
            sum += term / k
            term *= t2
            k += 2
        }
        return 2 * sum + Double(e) * 0.6931471805599453
    }
}

/// Seeded normal numbers that are the same bits on every platform, compiler and thread
/// count: the benchmark inputs.
///
/// Why hand-written: the usual samplers are not specified at the bit level (libm's
/// `log`/`cos` in Box–Muller differ in the last bit between platforms). Here every step
/// is integer arithmetic or IEEE-754 basic operations (+, −, ×, ÷, sqrt), which are
/// correctly rounded everywhere:
///
/// - uniform bits and doubles: `Xoshiro256StarStar`;
/// - normals: Marsaglia's polar method, with `log` computed by `DeterministicMath.log`
///   (range reduction on the exponent bits and an atanh series), not by libm.
public struct GaussianSource: Sendable {
    private var uniform: Xoshiro256StarStar
    private var spare: Double?

    /// `stream` separates independent sequences from one seed (e.g. 0 = Q, 1 = K, 2 = V).
    public init(seed: UInt64, stream: UInt64 = 0) {
        uniform = Xoshiro256StarStar(seed: seed, stream: stream)
        spare = nil
    }

    /// Uniform in [0, 1), from the same stream the normals are drawn from.
    public mutating func nextUniform() -> Double {
        uniform.nextUniform()
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

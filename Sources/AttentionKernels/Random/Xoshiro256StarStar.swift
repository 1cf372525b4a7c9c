/// xoshiro256** (Blackman & Vigna 2018): the project's seeded source of uniform bits,
/// identical on every platform, compiler and thread count. Benchmark inputs
/// (`GaussianSource`), the random signs of incoherent processing, the shuffled rounds of
/// interleaved runs and the bootstrap of run statistics all draw from it.
///
/// Why hand-written: the standard library's generator is not seedable and Swift ships no
/// specified seedable one; this is the reference algorithm, integer operations only.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The state is four draws of `SplitMix64(seed: seed ^ stream·0xD1B54A32D192ED03)`;
    /// `stream` separates independent sequences from one seed (e.g. 0 = Q, 1 = K, 2 = V).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    /// Next 64 uniform bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1): the top 53 bits of a draw times 2⁻⁵³.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

}

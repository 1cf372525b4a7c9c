/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seedable generator whose every step is
/// 64-bit integer arithmetic, so the same seed gives the same numbers on every platform.
///
/// The project's one implementation: it seeds `Xoshiro256StarStar`'s state and drives
/// the bootstrap resampling of `compare`, where a per-case stream (`init(seed:label:)`)
/// keeps verdicts independent of the order cases are compared in.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A stream for `label` (e.g. a case id): `seed` mixed with the label's FNV-1a 64 hash.
    public init(seed: UInt64, label: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        state = seed ^ hash
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

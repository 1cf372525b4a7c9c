/// SplitMix64: a tiny, seedable, platform-independent generator, so that bootstrap
/// intervals (and therefore verdicts) are identical on every machine and every rerun
/// of `compare` on the same inputs.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A seed derived from a string (FNV-1a 64) mixed with `seed`: each case gets its
    /// own stream, independent of the order in which cases are compared.
    public init(seed: UInt64, label: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        state = seed ^ hash
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform index in `0..<count` (`count` > 0), without modulo bias worth caring about
    /// for sample counts (Lemire's multiply-shift).
    public mutating func index(below count: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(count).multipliedFullWidth(by: next())).high)
    }
}

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

    /// `buffer.count` draws of `index(below: count)`, the same numbers in the same order,
    /// eight at a time. SplitMix64's k-th output depends only on the state plus k times its
    /// increment, so eight lanes can be mixed at once; for `count` < 2^32 the high word of
    /// count × r is (count·⌊r/2^32⌋ + ⌊count·(r mod 2^32)/2^32⌋) / 2^32, exactly, in 64-bit
    /// lanes. Why: the bootstrap of `compare` draws billions of indices on large runs.
    public mutating func indices(below count: Int, into buffer: UnsafeMutableBufferPointer<Int32>) {
        guard count > 0, count < 1 << 31 else {
            for i in buffer.indices { buffer[i] = Int32(truncatingIfNeeded: index(below: count)) }
            return
        }
        let gamma: UInt64 = 0x9e37_79b9_7f4a_7c15
        let lanes = SIMD8<UInt64>(1, 2, 3, 4, 5, 6, 7, 8) &* gamma
        let n = SIMD8<UInt64>(repeating: UInt64(count))
        let low32 = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        var i = 0
        while i + 8 <= buffer.count {
            var z = SIMD8<UInt64>(repeating: state) &+ lanes
            z = (z ^ (z &>> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z &>> 27)) &* 0x94d0_49bb_1331_11eb
            z = z ^ (z &>> 31)
            let t = n &* (z & low32)
            let high = (n &* (z &>> 32) &+ (t &>> 32)) &>> 32
            for lane in 0..<8 { buffer[i + lane] = Int32(truncatingIfNeeded: high[lane]) }
            state &+= 8 &* gamma
            i += 8
        }
        while i < buffer.count {
            buffer[i] = Int32(truncatingIfNeeded: index(below: count))
            i += 1
        }
    }
}

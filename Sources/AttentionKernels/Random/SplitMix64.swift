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

    /// `buffer.count` uniform indices in `0..<count`, exactly as Lemire's multiply-and-reject
    /// over `next()` draws them (the high word of count·r, rejecting low words below
    /// 2⁶⁴ mod count; Harness's `Bootstrap.index`), eight at a time: the k-th output depends
    /// only on the state plus k increments, so eight lanes are mixed at once, and for
    /// `count` < 2³¹ the high word is ⌊(count·⌊r/2³²⌋ + ⌊count·(r mod 2³²)/2³²⌋) / 2³²⌋,
    /// exact in 64-bit lanes. A chunk where any lane would be rejected (probability about
    /// 8·count/2⁶⁴) is drawn one by one. Why: `compare`'s bootstrap draws billions.
    public mutating func indices(below count: Int, into buffer: UnsafeMutableBufferPointer<Int32>) {
        let bound = UInt64(max(1, count))
        let threshold = (0 &- bound) % bound
        func scalar() -> Int32 {
            while true {
                let product = next().multipliedFullWidth(by: bound)
                if product.low >= threshold { return Int32(truncatingIfNeeded: product.high) }
            }
        }
        var i = 0
        if count > 0 && count < 1 << 31 {
            let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
            let lanes = SIMD8<UInt64>(1, 2, 3, 4, 5, 6, 7, 8) &* gamma
            let n = SIMD8<UInt64>(repeating: bound), low32 = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
            let limit = SIMD8<UInt64>(repeating: threshold)
            while i + 8 <= buffer.count {
                var z = SIMD8<UInt64>(repeating: state) &+ lanes
                z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
                z = z ^ (z &>> 31)
                guard all((n &* z) .>= limit) else {
                    for k in 0..<8 { buffer[i + k] = scalar() }
                    i += 8
                    continue
                }
                let t = n &* (z & low32)
                let high = (n &* (z &>> 32) &+ (t &>> 32)) &>> 32
                for k in 0..<8 { buffer[i + k] = Int32(truncatingIfNeeded: high[k]) }
                state &+= 8 &* gamma
                i += 8
            }
        }
        while i < buffer.count {
            buffer[i] = scalar()
            i += 1
        }
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

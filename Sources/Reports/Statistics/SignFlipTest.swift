import AttentionKernels

/// Two-sided sign-flip permutation test (Fisher's paired randomization test): is the mean
/// of paired differences zero? Under that hypothesis, with the pairs' order balanced as
/// `ab` balances it (ABBA…), each difference is as likely to have come out with the
/// opposite sign, so every assignment of signs to the observed magnitudes is equally
/// likely. The p-value is the share of assignments whose |sum| is at least the observed
/// |sum|. Nothing is assumed about the shape of the differences, which suits the few
/// (6–20) per-round log ratios of `ab` whose spread comes from the machine.
///
/// Up to `exactLimit` differences every one of the 2ⁿ assignments is counted (in Gray-code
/// order, one addition each), so the smallest possible p-value is 2/2ⁿ: six rounds are the
/// fewest that can reach 0.05. Beyond that `sampledAssignments` seeded random assignments
/// give p = (1 + hits)/(1 + draws), which is never 0 and repeats for the same inputs.
public enum SignFlipTest {
    /// How the p-value was computed.
    public enum Method: String, Sendable {
        case exact
        case sampled
    }

    public static let exactLimit = 16
    public static let sampledAssignments = 20_000

    /// The p-value and method for `differences`; p = 1 for none.
    public static func test(_ differences: [Double], seed: UInt64 = 0x51_6EF1) -> (pValue: Double, method: Method) {
        let n = differences.count
        guard n > 0 else { return (1, .exact) }
        let observed = abs(differences.reduce(0, +))
        // Sums equal to the observed one up to rounding count as "at least as large".
        let tolerance = 1e-12 * differences.reduce(0) { $0 + abs($1) }
        if n <= exactLimit {
            var signs = [Double](repeating: 1, count: n)
            var sum = differences.reduce(0, +)
            var hits = 1  // the observed assignment itself
            let patterns = 1 << n
            for k in 1..<patterns {
                let flip = k.trailingZeroBitCount  // Gray code: one sign changes per step
                sum -= 2 * signs[flip] * differences[flip]
                signs[flip] = -signs[flip]
                if abs(sum) >= observed - tolerance { hits += 1 }
            }
            return (Double(hits) / Double(patterns), .exact)
        }
        var rng = SplitMix64(seed: seed)
        var hits = 0
        for _ in 0..<sampledAssignments {
            var sum = 0.0, bits = rng.next(), used = 0
            for d in differences {
                if used == 64 { bits = rng.next(); used = 0 }
                sum += bits & 1 == 0 ? d : -d
                bits >>= 1
                used += 1
            }
            if abs(sum) >= observed - tolerance { hits += 1 }
        }
        return (Double(1 + hits) / Double(1 + sampledAssignments), .sampled)
    }

    /// Smallest p-value the exact test can give for `n` differences: 2/2ⁿ (1 for none).
    public static func smallestPossiblePValue(_ n: Int) -> Double {
        guard n > 0 else { return 1 }
        return n >= 62 ? 0 : min(1, 2 / Double(UInt64(1) << UInt64(n)))
    }
}

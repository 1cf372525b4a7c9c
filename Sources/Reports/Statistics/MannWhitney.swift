import Foundation

/// Two-sided Mann-Whitney U test (Wilcoxon rank-sum): do two samples come from the same
/// distribution? It assumes nothing about the shape of timing distributions (skewed,
/// heavy right tail), which is why `compare` uses it rather than a t-test.
///
/// Method choice follows SciPy's `mannwhitneyu(method="auto")`, so p-values can be
/// checked against it: the exact null distribution when either sample has at most 8
/// values and there are no ties; otherwise the normal approximation with tie correction
/// and continuity correction.
public enum MannWhitney {
    /// How the p-value was computed.
    public enum Method: String, Codable, Sendable {
        case exact
        case asymptotic
    }

    /// The test's outcome.
    public struct Result: Equatable, Sendable {
        /// U statistic of the first sample (number of pairs where it is the larger, ties ½).
        public var u1: Double
        /// Two-sided p-value in [0, 1].
        public var pValue: Double
        public var method: Method
    }

    /// Largest sample size (of the smaller sample) for which the exact method is used.
    public static let exactLimit = 8

    /// Runs the test on `x` and `y` (both non-empty); nil when either is empty.
    public static func test(_ x: [Double], _ y: [Double]) -> Result? {
        let n1 = x.count, n2 = y.count
        guard n1 > 0, n2 > 0 else { return nil }
        let (ranks, tieSizes) = averageRanks(x + y)
        let r1 = ranks[0..<n1].reduce(0, +)
        let u1 = r1 - Double(n1 * (n1 + 1)) / 2
        let u2 = Double(n1 * n2) - u1
        let u = Swift.max(u1, u2)
        let hasTies = tieSizes.contains { $0 > 1 }
        if Swift.min(n1, n2) <= exactLimit && !hasTies {
            let p = Swift.min(1, 2 * exactUpperTail(u: Int(u.rounded()), n1: n1, n2: n2))
            return Result(u1: u1, pValue: p, method: .exact)
        }
        let n = Double(n1 + n2)
        let mu = Double(n1 * n2) / 2
        // In doubles: a tie of millions of equal samples (a hand-made record) would overflow an Int.
        let tieTerm = tieSizes.reduce(0.0) { $0 + (Double($1) * Double($1) * Double($1) - Double($1)) }
        let variance = Double(n1 * n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return Result(u1: u1, pValue: 1, method: .asymptotic) }
        let z = (u - mu - 0.5) / variance.squareRoot()
        let p = Swift.min(1, Swift.max(0, 2 * normalUpperTail(z)))
        return Result(u1: u1, pValue: p, method: .asymptotic)
    }

    /// P(Z > z) for a standard normal Z.
    static func normalUpperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// Ranks (1-based, ties get their average rank) and the size of every tie group.
    static func averageRanks(_ values: [Double]) -> (ranks: [Double], tieSizes: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieSizes: [Int] = []
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end + 2) / 2
            for k in start...end { ranks[order[k]] = average }
            tieSizes.append(end - start + 1)
            start = end + 1
        }
        return (ranks, tieSizes)
    }

    /// P(U ≥ u) under the null hypothesis without ties, from the exact distribution of U:
    /// the coefficients of the Gaussian binomial [n1+n2 choose n1]_q count the
    /// arrangements giving each U. Built as Π_{i=1..m} (1 − q^{n+i}) / (1 − q^i) with
    /// m = min(n1, n2); every intermediate product is itself a Gaussian binomial, so the
    /// coefficients stay exact integers (they fit a Double's 53 bits for these sizes).
    static func exactUpperTail(u: Int, n1: Int, n2: Int) -> Double {
        let m = Swift.min(n1, n2), n = Swift.max(n1, n2)
        let maxU = m * n
        guard u > 0 else { return 1 }
        guard u <= maxU else { return 0 }
        var counts = [Double](repeating: 0, count: maxU + 1)
        counts[0] = 1
        for i in 1...m {
            let up = n + i
            if up <= maxU { for k in stride(from: maxU, through: up, by: -1) { counts[k] -= counts[k - up] } }
            for k in i...maxU { counts[k] += counts[k - i] }
        }
        let total = counts.reduce(0, +)
        let tail = counts[u...maxU].reduce(0, +)
        return tail / total
    }
}

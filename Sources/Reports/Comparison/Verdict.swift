/// What `compare` concludes about one case.
public enum Verdict: String, Codable, CaseIterable, Sendable {
    /// Faster than the base by more than the threshold, and significantly so.
    case faster
    /// Slower than the base by more than the threshold, and significantly so: a regression
    /// (gating only when timing gates are on).
    case slower
    /// The change of medians is within the threshold.
    case unchanged
    /// The change exceeds the threshold but is not significant (or there is no timing
    /// to compare): more samples, or a quieter machine, are needed to tell.
    case inconclusive
    /// Only in the current run.
    case new
    /// Only in the base run.
    case missing

    /// Rank used to order tables: what needs attention first.
    var sortRank: Int {
        switch self {
        case .slower: return 0
        case .inconclusive: return 1
        case .faster: return 2
        case .missing: return 3
        case .new: return 4
        case .unchanged: return 5
        }
    }

    /// The timing verdict for a measured change.
    ///
    /// A case is `slower`/`faster` only when BOTH hold: the relative change of medians
    /// exceeds `threshold` in magnitude, AND it is significant: the confidence interval of
    /// the ratio of medians excludes 1 and, when a p-value exists (sample-based
    /// comparisons), p < `alpha`. A large change without significance is `inconclusive`;
    /// a significant change within the threshold is `unchanged`.
    public static func timing(_ timing: TimingComparison, threshold: Double, alpha: Double) -> Verdict {
        let change = timing.relativeChange
        guard change.isFinite else { return .inconclusive }
        if abs(change) <= threshold { return .unchanged }
        return timing.isSignificant(alpha: alpha) ? (change > 0 ? .slower : .faster) : .inconclusive
    }
}

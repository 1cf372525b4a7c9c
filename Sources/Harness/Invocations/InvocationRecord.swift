/// One process invocation of a multi-invocation run (`run --invocations N`) or of one side
/// of `ab`: which it was, the seed of its case order, when it ran and whether it finished.
/// Samples name their invocation by `index` (`Sample.invocation`).
public struct InvocationRecord: Codable, Equatable, Sendable {
    /// 0-based position among the run's invocations (for `ab`: the round).
    public var index: Int
    /// Seed of the shuffled order the invocation took its cases in.
    public var caseOrderSeed: UInt64
    /// ISO-8601 UTC.
    public var startedAt: String
    public var finishedAt: String?
    /// False when the invocation was interrupted or failed: only its finished cases are in
    /// the record.
    public var complete: Bool
    /// Cases it finished.
    public var cases: Int

    public init(
        index: Int, caseOrderSeed: UInt64, startedAt: String, finishedAt: String? = nil, complete: Bool,
        cases: Int
    ) {
        self.index = index
        self.caseOrderSeed = caseOrderSeed
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.complete = complete
        self.cases = cases
    }
}

/// One shard of a run split over N machines (`run --shard K/N`, or from a scheduler:
/// `ShardAssignment`): the cases `ShardPartition` gives shard K of a cost-balanced split,
/// so the N shards together take every case exactly once and `merge` can put them back
/// together.
public struct RunShard: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// 1-based shard number K, 1 ≤ K ≤ N.
    public let index: Int
    /// Number of shards N ≥ 1.
    public let count: Int

    /// Shard `index` of `count`; nil unless 1 ≤ index ≤ count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (e.g. `2/4`); nil for anything else or when K is not in 1…N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: k, count: n)
    }

    /// `K/N`, as run records store it.
    public var description: String { "\(index)/\(count)" }
}

/// Splits a run's cases into N shards of about equal estimated cost, the same way on every
/// machine, so that N processes (Slurm array tasks, Kubernetes indexed pods, CI matrix jobs)
/// each take their part and `merge` puts the whole back together.
///
/// The rule is greedy longest-processing-time first (Graham 1969): cases sorted by cost,
/// largest first (ties by id, then by position), each goes to the shard with the least
/// cost so far (ties to the lowest shard number). The result depends only on the cases'
/// ids and costs, not on their order, the machine or the shard asking.
///
/// Balance bound: no shard's cost exceeds the average (total / N) by more than the
/// costliest single case. (When a shard received its last case it was the least loaded, so
/// it held at most total / N before; LPT is moreover within 4/3 of the best possible
/// split.) Round-robin has no such bound: with a suite sorted by size, shard 1 can take
/// all of the largest cases.
///
/// Hand-written: a few lines of a textbook algorithm, no package provides it.
public struct ShardPartition: Equatable, Sendable {
    /// Number of shards N.
    public let count: Int
    /// The 1-based shard of each item, in the order the items were given.
    public let assignment: [Int]
    /// Estimated cost per shard (index 0 is shard 1).
    public let loads: [Double]
    /// Sum of the costs.
    public let totalCost: Double
    /// The largest single cost.
    public let largestCost: Double

    /// Partitions `items` (an id and an estimated cost each; negative or non-finite costs
    /// count as 0) into `count` shards (at least 1).
    public init(_ items: [(id: String, cost: Double)], count: Int) {
        let n = max(1, count)
        let ids = items.map(\.id)
        let clean = items.map { $0.cost.isFinite && $0.cost > 0 ? $0.cost : 0 }
        let order = clean.indices.sorted { a, b in
            if clean[a] != clean[b] { return clean[a] > clean[b] }
            if ids[a] != ids[b] { return ids[a] < ids[b] }
            return a < b
        }
        var loads = [Double](repeating: 0, count: n)
        var assignment = [Int](repeating: 1, count: items.count)
        for item in order {
            var least = 0
            for s in 1..<n where loads[s] < loads[least] { least = s }
            loads[least] += clean[item]
            assignment[item] = least + 1
        }
        self.count = n
        self.assignment = assignment
        self.loads = loads
        self.totalCost = clean.reduce(0, +)
        self.largestCost = clean.max() ?? 0
    }

    /// Positions (in the order given) of the items of `shard`, ascending.
    public func positions(in shard: RunShard) -> [Int] {
        assignment.indices.filter { assignment[$0] == shard.index }
    }

    /// The guaranteed ceiling on any shard's cost: total / N + the largest single cost.
    public var bound: Double { totalCost / Double(count) + largestCost }

    /// The costliest shard's cost over the average (1 = perfectly even; 0 cases: 1).
    public var imbalance: Double {
        let average = totalCost / Double(count)
        return average > 0 ? (loads.max() ?? 0) / average : 1
    }
}

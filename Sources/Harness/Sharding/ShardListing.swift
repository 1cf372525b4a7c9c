import Foundation

/// Renders how a suite splits into N shards (`attnbench list SUITE --shards N`): per shard
/// its cases and estimated seconds, next to what round-robin by position would give, and
/// the guaranteed bound.
public enum ShardListing {
    public static func render(_ cases: [SuiteCase], count: Int, cost: ShardCost) -> String {
        let n = max(1, count)
        let partition = ShardPartition(cases: cases, count: n, cost: cost)
        let seconds = cases.map { cost.seconds(of: $0) }
        var roundRobin = [Double](repeating: 0, count: n)
        for (i, s) in seconds.enumerated() { roundRobin[i % n] += s }
        let rows = (1...n).map { k -> [String] in
            let shard = RunShard(index: k, count: n)
            let taken = shard.map { partition.positions(in: $0).count } ?? 0
            return [
                "\(k)/\(n)", "\(taken)", String(format: "%.2f", partition.loads[k - 1]),
                String(format: "%.2f", roundRobin[k - 1])
            ]
        }
        let average = partition.totalCost / Double(n)
        let footer = [
            [
                "total", "\(cases.count)", String(format: "%.2f", partition.totalCost),
                String(format: "%.2f", roundRobin.reduce(0, +))
            ]
        ]
        let table = TextTable(header: ["shard", "cases", "est. s", "round-robin est. s"], rows: rows, footer: footer)
        let note = String(
            format: "Cost-balanced split (largest case first to the least-loaded shard; the same on every machine): "
                + "longest shard %.2f s, %.2fx the average %.2f s; guaranteed at most average + largest case = %.2f s. "
                + "Round-robin by position: longest %.2f s.",
            partition.loads.max() ?? 0, partition.imbalance, average, partition.bound, roundRobin.max() ?? 0)
        return table.render() + "\n\n" + note + "\n"
    }
}

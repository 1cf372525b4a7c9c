import AttentionKernels
import Foundation

extension RunSettings {
    /// The cases of `suite` this run takes: reseeded when `seed` is set, then those whose id
    /// matches `filter`, then those `shard` takes of a cost-balanced split of them
    /// (`ShardPartition`), in suite order (shuffled with `caseOrderSeed` when it is set).
    /// Throws for a filter that is
    /// not a regular expression, before anything has run or been written.
    public func selectCases(from suite: ExpandedSuite) throws(RunnerError) -> [SuiteCase] {
        var cases = suite.cases
        if let seed { cases = cases.map { $0.reseeded(seed) } }
        if let pattern = filter {
            let regex: NSRegularExpression
            do {
                regex = try NSRegularExpression(pattern: pattern)
            } catch {
                throw RunnerError.badFilter(pattern, error.localizedDescription)
            }
            cases = cases.filter { regex.firstMatch(in: $0.id, range: NSRange($0.id.startIndex..., in: $0.id)) != nil }
        }
        if let shard {
            let cost = ShardCost(measure: suite.suite.measure)
            cases = ShardPartition(cases: cases, count: shard.count, cost: cost).cases(cases, in: shard)
        }
        if let caseOrderSeed {
            var rng = Xoshiro256StarStar(seed: caseOrderSeed, stream: 11)
            cases.shuffle(using: &rng)
        }
        return cases
    }
}

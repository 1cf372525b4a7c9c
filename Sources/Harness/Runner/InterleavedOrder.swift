import AttentionKernels

/// The order of one interleaving round: the live cases shuffled (seeded), and when they
/// belong to several implementations, alternating between those implementations, so that
/// machine drift within a round hits attnbench and, say, PyTorch alike instead of one
/// implementation's block of samples.
enum InterleavedOrder {
    static func round<T, R: RandomNumberGenerator>(_ items: [T], implementation: (T) -> String, using rng: inout R)
        -> [T]
    {
        let shuffled = items.shuffled(using: &rng)
        var groups: [[T]] = []
        var groupOf: [String: Int] = [:]
        for item in shuffled {
            let name = implementation(item)
            if let g = groupOf[name] {
                groups[g].append(item)
            } else {
                groupOf[name] = groups.count
                groups.append([item])
            }
        }
        guard groups.count > 1 else { return shuffled }
        var result: [T] = []
        result.reserveCapacity(items.count)
        var next = Array(repeating: 0, count: groups.count)
        while result.count < items.count {
            for g in groups.indices where next[g] < groups[g].count {
                result.append(groups[g][next[g]])
                next[g] += 1
            }
        }
        return result
    }
}

/// Merging shards (`attnbench run --shard K/N` on several machines or processes) back
/// into one run.
extension RunRecord {
    public struct MergeError: Error, CustomStringConvertible {
        public let description: String
    }

    /// One run holding every shard's cases, in shard order. Shards must come from the same
    /// suite file (same hash) and must not share a case id. The environment of the first
    /// shard is kept; other hosts are named in the notes.
    public static func merge(_ shards: [(path: String, record: RunRecord)]) throws(MergeError) -> RunRecord {
        guard var merged = shards.first?.record else { throw MergeError(description: "nothing to merge") }
        let firstPath = shards[0].path
        var seen = Set(merged.cases.map(\.id))
        merged.notes = merged.notes.map { "[\(firstPath)] \($0)" }
        for (path, shard) in shards.dropFirst() {
            guard shard.suite.name == merged.suite.name, shard.suite.sha256 == merged.suite.sha256 else {
                throw MergeError(description: "\(path): suite '\(shard.suite.name)' (sha256 \(shard.suite.sha256.prefix(12))) "
                    + "differs from \(firstPath)'s '\(merged.suite.name)' (sha256 \(merged.suite.sha256.prefix(12)))")
            }
            for c in shard.cases {
                guard !seen.contains(c.id) else {
                    throw MergeError(description: "\(path): case \(c.id) is also in another shard")
                }
                seen.insert(c.id)
                merged.cases.append(c)
            }
            if shard.environment.host != merged.environment.host || shard.environment.cpuModel != merged.environment.cpuModel {
                merged.notes.append("[\(path)] ran on \(shard.environment.host) (\(shard.environment.cpuModel))")
            }
            merged.notes += shard.notes.map { "[\(path)] \($0)" }
            merged.partial = merged.partial || shard.partial
            if let a = merged.finishedAt, let b = shard.finishedAt { merged.finishedAt = max(a, b) }
            if shard.startedAt < merged.startedAt { merged.startedAt = shard.startedAt }
            // Each shard started its own providers; keep one record per provider name.
            let known = Set((merged.providers ?? []).map(\.name))
            let more = (shard.providers ?? []).filter { !known.contains($0.name) }
            if !more.isEmpty { merged.providers = (merged.providers ?? []) + more }
            merged.counters.unavailable += shard.counters.unavailable.filter { u in
                !merged.counters.unavailable.contains { $0.event == u.event }
            }
        }
        merged.options.shard = nil
        merged.notes.append("merged from \(shards.count) shards: " + shards.map(\.path).joined(separator: ", "))
        return merged
    }
}

/// Merging shards (`attnbench run --shard K/N` on several machines or processes) back
/// into one run.
///
/// Deterministic metrics (modeled bytes, FLOPs, accuracy) are the same on every machine
/// and always merge. Timings are comparable only when the shards ran the same suite, the
/// same build and commit, with the same options, on the same CPU model and core count:
/// `merge` refuses anything else unless told to mix (`MergeOptions.allowMixed`), and then
/// records what differs (`mixed`) and keeps each case's `host`, so reports can say that
/// timings compare only within one host. Every merged record lists its shards (`shards`:
/// source, host, environment, scheduler ids) and is partial when a shard is partial or the
/// shard set 1…N is incomplete.
extension RunRecord {
    /// How `merge` treats shards that differ.
    public struct MergeOptions: Sendable {
        /// Merge shards that differ in suite, build, commit, options or machine, recording
        /// the differences instead of refusing.
        public var allowMixed: Bool
        public init(allowMixed: Bool = false) { self.allowMixed = allowMixed }
    }

    /// One run holding every shard's cases, shards in K order when all have one (else as
    /// given). The environment of the first shard is the run's; `shards` keeps each one's.
    public static func merge(
        _ inputs: [(path: String, record: RunRecord)],
        options: MergeOptions = MergeOptions()
    ) throws(MergeError) -> RunRecord {
        guard !inputs.isEmpty else { throw MergeError.nothingToMerge }
        let shards =
            inputs.allSatisfy { RunShard(parsing: $0.record.options.shard ?? "") != nil }
            ? inputs.enumerated().sorted { a, b in
                let ka = RunShard(parsing: a.element.record.options.shard ?? "")?.index ?? 0
                let kb = RunShard(parsing: b.element.record.options.shard ?? "")?.index ?? 0
                return (ka, a.offset) < (kb, b.offset)
            }.map(\.element)
            : inputs
        let differences = MergeDifference.find(in: shards)
        if !differences.isEmpty && !options.allowMixed { throw MergeError.mixed(differences) }
        let set = try ShardSet(shards)

        var merged = shards[0].record
        merged.cases = []
        merged.notes = []
        var seen = Set<String>()
        for (path, shard) in shards {
            for var c in shard.cases {
                guard seen.insert(c.id).inserted else { throw MergeError.duplicateCase(path: path, id: c.id) }
                if c.host == nil { c.host = shard.environment.host }
                merged.cases.append(c)
            }
            merged.notes += shard.notes.map { "[\(path)] \($0)" }
            merged.partial = merged.partial || shard.partial
            if let a = merged.finishedAt, let b = shard.finishedAt { merged.finishedAt = max(a, b) }
            if shard.finishedAt == nil { merged.finishedAt = nil }
            if shard.startedAt < merged.startedAt { merged.startedAt = shard.startedAt }
            // Each shard started its own providers; keep one record per provider name.
            let known = Set((merged.providers ?? []).map(\.name))
            let more = (shard.providers ?? []).filter { !known.contains($0.name) }
            if !more.isEmpty { merged.providers = (merged.providers ?? []) + more }
            merged.counters.unavailable += shard.counters.unavailable.filter { u in
                !merged.counters.unavailable.contains { $0.event == u.event }
            }
            merged.counters.collected = merged.counters.collected.filter(shard.counters.collected.contains)
            merged.counters.hardwareCounters = merged.counters.hardwareCounters && shard.counters.hardwareCounters
            merged.harnessOverheadNs = max(merged.harnessOverheadNs, shard.harnessOverheadNs)
        }
        merged.options.shard = nil
        merged.scheduler = nil
        merged.shards = shards.map { MergedShard(source: $0.path, record: $0.record) }
        merged.mixed = differences.isEmpty ? nil : differences.map(\.kind.rawValue)
        let hosts = RunRecord.orderedUnique(shards.map(\.record.environment.host))
        var summary =
            "merged from \(shards.count) shard\(shards.count == 1 ? "" : "s") on \(hosts.count) "
            + "host\(hosts.count == 1 ? "" : "s") (\(hosts.joined(separator: ", "))): "
            + shards.map(\.path).joined(separator: ", ")
        if let missing = set.missingDescription {
            merged.partial = true
            summary += "; incomplete: \(missing)"
        }
        merged.notes.append(summary)
        for d in differences {
            merged.notes.append("mixed: \(d.description); timings compare only among cases of one host")
        }
        return merged
    }

    static func orderedUnique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}

/// What the shards given to `merge` say about the set they belong to: 1…N all present or not.
struct ShardSet {
    /// N when every shard has a `K/N` with the same N.
    let count: Int?
    let present: Set<Int>

    init(_ shards: [(path: String, record: RunRecord)]) throws(RunRecord.MergeError) {
        let parsed = shards.map { ($0.path, RunShard(parsing: $0.record.options.shard ?? "")) }
        let counts = Set(parsed.compactMap { $0.1?.count })
        guard counts.count == 1, let n = counts.first, parsed.allSatisfy({ $0.1 != nil }) else {
            count = nil
            present = []
            return
        }
        var present = Set<Int>()
        for (path, shard) in parsed {
            guard let shard else { continue }
            guard present.insert(shard.index).inserted else {
                throw RunRecord.MergeError.duplicateShard(path: path, shard: shard.description)
            }
        }
        self.count = n
        self.present = present
    }

    /// `shards 2/4, 4/4 missing`, or nil when the set is complete or cannot be told.
    var missingDescription: String? {
        guard let count else { return nil }
        let missing = (1...count).filter { !present.contains($0) }
        guard !missing.isEmpty else { return nil }
        return "shard\(missing.count == 1 ? "" : "s") " + missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            + " missing"
    }
}

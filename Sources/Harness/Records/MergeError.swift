extension RunRecord {
    /// Why shards could not be merged. Messages name the shard (its path as given) and
    /// what is wrong; they do not name command-line options (the CLI adds those).
    public enum MergeError: Error, Equatable, CustomStringConvertible {
        case nothingToMerge
        /// A case id appears in two shards: it would be counted twice.
        case duplicateCase(path: String, id: String)
        /// The same `K/N` appears twice.
        case duplicateShard(path: String, shard: String)
        /// The shards differ in ways that make their timings incomparable.
        case mixed([MergeDifference])

        public var description: String {
            switch self {
            case .nothingToMerge:
                return "nothing to merge"
            case let .duplicateCase(path, id):
                return "\(path): case \(id) is also in another shard"
            case let .duplicateShard(path, shard):
                return "\(path): shard \(shard) is also given by another run"
            case let .mixed(differences):
                return "the shards cannot be merged as one measurement: "
                    + differences.map(\.description).joined(separator: "; ")
            }
        }
    }
}

/// One way two shards differ that makes a merged run mix incomparable timings.
public struct MergeDifference: Equatable, Sendable, CustomStringConvertible {
    /// What differs; the raw value is what run.json's `mixed` lists.
    public enum Kind: String, CaseIterable, Sendable {
        case suite
        case build
        case gitCommit = "git_commit"
        case options
        case cpuModel = "cpu_model"
        case logicalCores = "logical_cores"
        case shardCount = "shard_count"
    }

    public var kind: Kind
    /// The differing values, each with the shard it came from: `'a' (run1) vs 'b' (run2)`.
    public var detail: String

    public var description: String {
        let what: String
        switch kind {
        case .suite: what = "different suites"
        case .build: what = "different builds"
        case .gitCommit: what = "different commits"
        case .options: what = "different run options"
        case .cpuModel: what = "different CPU models (timings of different CPUs are not comparable)"
        case .logicalCores: what = "different core counts"
        case .shardCount: what = "different shard counts"
        }
        return "\(what): \(detail)"
    }

    /// Every kind of difference among `shards`, comparing each with the first.
    static func find(in shards: [(path: String, record: RunRecord)]) -> [MergeDifference] {
        guard let (firstPath, first) = shards.first else { return [] }
        let probes: [(Kind, (RunRecord) -> String?)] = [
            (.suite, { "\($0.suite.name) (sha256 \($0.suite.sha256.prefix(12)))" }),
            // A native build names the CPU it runs on; that difference is `cpu_model`'s.
            (
                .build,
                { r in
                    let target = r.environment.targetCPU.hasPrefix("native") ? "native" : r.environment.targetCPU
                    return "attnbench \(r.tool.version), \(r.environment.buildConfiguration), target CPU \(target)"
                }
            ),
            (.gitCommit, { $0.environment.gitCommit }),
            (
                .options,
                { r in
                    let o = r.options
                    return
                        "filter \(o.filter ?? "none"), quick \(o.quick), seed \(o.seed.map(String.init) ?? "suite's")"
                }
            ),
            (.cpuModel, { $0.environment.cpuModel }),
            (.logicalCores, { String($0.environment.logicalCores) }),
            (.shardCount, { r in r.options.shard.flatMap { RunShard(parsing: $0) }.map { "of \($0.count)" } })
        ]
        var out: [MergeDifference] = []
        for (kind, value) in probes {
            // Unknown values (no git checkout, an unsharded run) are not differences.
            guard let reference = value(first) else { continue }
            if let (path, other) = shards.dropFirst().first(where: { s in
                value(s.record).map { $0 != reference } ?? false
            }),
                let otherValue = value(other)
            {
                out.append(
                    MergeDifference(kind: kind, detail: "'\(reference)' (\(firstPath)) vs '\(otherValue)' (\(path))"))
            }
        }
        return out
    }
}

import Foundation

/// Which shard this process runs, from the command line or from the scheduler that
/// started it, so that a Slurm job array, a Kubernetes indexed Job or a CI matrix needs no
/// glue script to hand each task its `--shard K/N`.
///
/// First match wins:
///
/// | source | K | N |
/// |---|---|---|
/// | `--shard K/N` | K | N |
/// | `ATTNBENCH_SHARD=K/N` (e.g. a GitHub Actions matrix) | K | N |
/// | Slurm job array | (`…TASK_ID` − `…TASK_MIN`) / `…TASK_STEP` + 1 | `…TASK_COUNT` (else from MIN, MAX, STEP) |
/// | Kubernetes indexed Job | `JOB_COMPLETION_INDEX` + 1 | `--shards N` or `ATTNBENCH_SHARDS` |
/// | GitLab `parallel:` | `CI_NODE_INDEX` | `CI_NODE_TOTAL` |
///
/// `--shards N` (or `ATTNBENCH_SHARDS`) gives N where the scheduler gives only an index,
/// and must agree with N wherever else the environment gives it (and `--shards` with
/// `--shard`). `--shard 1/1` runs every case even inside a job array or indexed Job.
public struct ShardAssignment: Equatable, Sendable {
    /// The shard to run; nil: every case.
    public var shard: RunShard?
    /// Where the shard came from, for messages and the record (`--shard 2/4`,
    /// `SLURM_ARRAY_TASK_ID=1 (min 0, step 1, count 4)`, …); nil when not sharded.
    public var source: String?
    /// The scheduler the process runs under, with its job ids; nil outside one.
    public var scheduler: SchedulerInfo?

    public init(shard: RunShard? = nil, source: String? = nil, scheduler: SchedulerInfo? = nil) {
        self.shard = shard
        self.source = source
        self.scheduler = scheduler
    }

    /// Resolves the shard from an explicit `shard`, an explicit shard count `shards`, and
    /// the process `environment`. Throws when the variables are malformed or disagree.
    public static func resolve(
        shard explicit: RunShard?, shards: Int?,
        environment env: [String: String]
    ) throws(ShardAssignmentError) -> ShardAssignment {
        // An explicit --shard answers to --shards only, not to the environment's count.
        let count = try countOverride(shards, explicit == nil ? env : [:])
        var found: (shard: RunShard, source: String)?
        if let explicit {
            found = (explicit, "--shard \(explicit)")
        } else if let text = env["ATTNBENCH_SHARD"] {
            guard let shard = RunShard(parsing: text) else {
                throw ShardAssignmentError("ATTNBENCH_SHARD='\(text)' is not K/N with 1 ≤ K ≤ N (e.g. 2/4)")
            }
            found = (shard, "ATTNBENCH_SHARD=\(text)")
        } else if env["SLURM_ARRAY_TASK_ID"] != nil {
            found = try slurmArray(env)
        } else if let text = env["JOB_COMPLETION_INDEX"] {
            let index = try integer("JOB_COMPLETION_INDEX", text, atLeast: 0)
            guard let count else {
                throw ShardAssignmentError(
                    "JOB_COMPLETION_INDEX=\(text) says this is pod \(index) of a "
                        + "Kubernetes indexed Job, but not how many pods there are: pass --shards N or set "
                        + "ATTNBENCH_SHARDS to the Job's completions (or --shard 1/1 to run every case)")
            }
            guard let shard = RunShard(index: index + 1, count: count.value) else {
                throw ShardAssignmentError("JOB_COMPLETION_INDEX=\(text) is not below \(count.source)")
            }
            found = (shard, "JOB_COMPLETION_INDEX=\(text) with \(count.source)")
        } else if env["GITLAB_CI"] == "true", let k = env["CI_NODE_INDEX"], let n = env["CI_NODE_TOTAL"] {
            let index = try integer("CI_NODE_INDEX", k, atLeast: 1), total = try integer("CI_NODE_TOTAL", n, atLeast: 1)
            guard let shard = RunShard(index: index, count: total) else {
                throw ShardAssignmentError("CI_NODE_INDEX=\(k) is above CI_NODE_TOTAL=\(n)")
            }
            found = (shard, "CI_NODE_INDEX=\(k), CI_NODE_TOTAL=\(n)")
        }
        if let count {
            guard let found else {
                throw ShardAssignmentError(
                    "\(count.source) gives the number of shards but nothing gives this "
                        + "process's index: run inside a Kubernetes indexed Job (JOB_COMPLETION_INDEX) "
                        + "or pass --shard K/N")
            }
            guard found.shard.count == count.value else {
                throw ShardAssignmentError(
                    "\(count.source) disagrees with \(found.source) (\(found.shard.count) shards)")
            }
        }
        let kind = SchedulerKind.detect(in: env)
        let scheduler = kind.map {
            SchedulerInfo(name: $0.rawValue, variables: $0.variables(in: env), shardSource: found?.source)
        }
        return ShardAssignment(shard: found?.shard, source: found?.source, scheduler: scheduler)
    }

    /// N from `--shards` or `ATTNBENCH_SHARDS`, with where it came from.
    static func countOverride(_ shards: Int?, _ env: [String: String]) throws(ShardAssignmentError)
        -> (value: Int, source: String)?
    {
        if let shards {
            guard shards >= 1 else { throw ShardAssignmentError("--shards must be at least 1 (got \(shards))") }
            return (shards, "--shards \(shards)")
        }
        guard let text = env["ATTNBENCH_SHARDS"] else { return nil }
        return (try integer("ATTNBENCH_SHARDS", text, atLeast: 1), "ATTNBENCH_SHARDS=\(text)")
    }

    /// K and N of a Slurm job array task. Task ids need not start at 0 (`--array=1-8`) and
    /// may step (`--array=0-15:4`); a list such as `--array=1,3,7` is not a range and
    /// is refused (K could not be told from the id).
    static func slurmArray(_ env: [String: String]) throws(ShardAssignmentError) -> (shard: RunShard, source: String) {
        func value(_ name: String) throws(ShardAssignmentError) -> Int? {
            guard let text = env[name] else { return nil }
            return try integer(name, text, atLeast: 0)
        }
        let id = try value("SLURM_ARRAY_TASK_ID") ?? 0
        let min = try value("SLURM_ARRAY_TASK_MIN") ?? 0
        let step = max(1, try value("SLURM_ARRAY_TASK_STEP") ?? 1)
        let max = try value("SLURM_ARRAY_TASK_MAX")
        let spanCount = max.map { ($0 - min) / step + 1 }
        guard let count = try value("SLURM_ARRAY_TASK_COUNT") ?? spanCount else {
            throw ShardAssignmentError(
                "SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor "
                    + "SLURM_ARRAY_TASK_MAX is: cannot tell how many tasks the array has; pass --shard K/N")
        }
        let described = "SLURM_ARRAY_TASK_ID=\(id) (min \(min), step \(step), count \(count))"
        if let spanCount, spanCount != count {
            throw ShardAssignmentError(
                "\(described): the array's task ids are not the range \(min)-\(max ?? min)"
                    + (step > 1 ? ":\(step)" : "")
                    + " (SLURM_ARRAY_TASK_MAX=\(max ?? min)); use --array=0-\(count - 1) "
                    + "or pass --shard K/N")
        }
        guard id >= min, (id - min) % step == 0, let shard = RunShard(index: (id - min) / step + 1, count: count) else {
            throw ShardAssignmentError("\(described): the task id is not one of the array's \(count) ids")
        }
        return (shard, described)
    }

    static func integer(_ name: String, _ text: String, atLeast low: Int) throws(ShardAssignmentError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= low else {
            throw ShardAssignmentError("\(name)='\(text)' is not an integer ≥ \(low)")
        }
        return value
    }
}

/// Why the shard could not be resolved: names the variable or option and its value.
public struct ShardAssignmentError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

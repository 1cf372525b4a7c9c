/// The batch scheduler or CI system a run was started from, and the ids it gave the job,
/// so a run can be traced back to its Slurm array task, Kubernetes pod or CI job.
///
/// `variables` holds the scheduler's own environment variables exactly as found (names
/// such as `SLURM_ARRAY_JOB_ID` are data and are never case-converted in run.json).
public struct SchedulerInfo: Codable, Equatable, Sendable {
    /// `slurm`, `kubernetes`, `github-actions` or `gitlab-ci`.
    public var name: String
    /// The job-identifying variables that were set, by name.
    public var variables: [String: String]
    /// Where the run's shard came from, e.g. `SLURM_ARRAY_TASK_ID=2 (min 0, count 4)` or
    /// `--shard 2/4`; absent when the run was not sharded.
    public var shardSource: String?

    public init(name: String, variables: [String: String], shardSource: String? = nil) {
        self.name = name
        self.variables = variables
        self.shardSource = shardSource
    }
}

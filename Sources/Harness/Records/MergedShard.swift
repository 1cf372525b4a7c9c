/// One shard of a merged run: where it came from and where it ran, so a merged record
/// still says which machine (and which scheduler job) measured each case.
public struct MergedShard: Codable, Equatable, Sendable {
    /// The run directory or run.json given to `merge`.
    public var source: String
    /// `K/N` when the shard was run with one.
    public var shard: String?
    /// The shard's environment: host, CPU, caches, build, measured peaks.
    public var environment: EnvironmentInfo
    public var scheduler: SchedulerInfo?
    public var toolVersion: String
    public var startedAt: String
    public var finishedAt: String?
    public var partial: Bool
    /// Number of cases the shard contributed.
    public var cases: Int

    public init(
        source: String, shard: String?, environment: EnvironmentInfo, scheduler: SchedulerInfo?,
        toolVersion: String, startedAt: String, finishedAt: String?, partial: Bool, cases: Int
    ) {
        self.source = source
        self.shard = shard
        self.environment = environment
        self.scheduler = scheduler
        self.toolVersion = toolVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.partial = partial
        self.cases = cases
    }

    /// The shard as `merge` records it.
    public init(source: String, record: RunRecord) {
        self.init(
            source: source, shard: record.options.shard, environment: record.environment,
            scheduler: record.scheduler, toolVersion: record.tool.version, startedAt: record.startedAt,
            finishedAt: record.finishedAt, partial: record.partial, cases: record.cases.count)
    }
}

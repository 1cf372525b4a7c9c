import AttentionKernels
import Counters

/// Everything one `attnbench run` produced: the contents of `run.json`.
///
/// The schema is versioned (`schemaVersion`) and documented in docs/run-record.md with a
/// JSON Schema in docs/run-record.schema.json. Keys are snake_case in JSON.
public struct RunRecord: Codable, Equatable, Sendable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var tool: ToolInfo
    public var suite: SuiteInfo
    /// ISO-8601 UTC.
    public var startedAt: String
    public var finishedAt: String?
    /// True when the run stopped early (signal, failure): only finished cases are present.
    public var partial: Bool
    public var options: RunOptions
    public var environment: EnvironmentInfo
    public var counters: CounterAvailability
    /// Cost of the harness's own per-sample work (timer and counter reads), nanoseconds.
    public var harnessOverheadNs: Double
    public var cases: [CaseRecord]
    public var notes: [String]
    /// The providers (other implementations) the run started, in the order they started;
    /// absent when every case ran attnbench's own kernels.
    public var providers: [ProviderRecord]?
    /// Where simulated counters (`sim::…`) came from; absent when none were requested.
    public var simulation: SimulationSource?
    /// The scheduler or CI job this run (shard) was started from; nil outside one.
    public var scheduler: SchedulerInfo?
    /// Merged runs only: where each shard ran (host, environment, scheduler ids).
    public var shards: [MergedShard]?
    /// Merged runs only (`merge --allow-mixed`): what differs between the shards, as
    /// `MergeDifference` raw values (`cpu_model`, `git_commit`, …). Timings are then
    /// comparable only among cases of one host (each case names its `host`).
    public var mixed: [String]?
    /// The process invocations a multi-invocation run (`run --invocations N`, `ab`) was made
    /// of, in the order they ran; nil for a run of one invocation.
    public var invocations: [InvocationRecord]?

    public init(
        schemaVersion: Int = RunRecord.currentSchemaVersion, tool: ToolInfo, suite: SuiteInfo,
        startedAt: String, finishedAt: String? = nil, partial: Bool = false, options: RunOptions,
        environment: EnvironmentInfo, counters: CounterAvailability, harnessOverheadNs: Double = 0,
        cases: [CaseRecord] = [], notes: [String] = [], providers: [ProviderRecord]? = nil,
        scheduler: SchedulerInfo? = nil, shards: [MergedShard]? = nil, mixed: [String]? = nil,
        simulation: SimulationSource? = nil, invocations: [InvocationRecord]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.tool = tool
        self.suite = suite
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.partial = partial
        self.options = options
        self.environment = environment
        self.counters = counters
        self.harnessOverheadNs = harnessOverheadNs
        self.cases = cases
        self.notes = notes
        self.providers = providers
        self.simulation = simulation
        self.scheduler = scheduler
        self.shards = shards
        self.mixed = mixed
        self.invocations = invocations
    }
}

public struct ToolInfo: Codable, Equatable, Sendable {
    public var name: String
    public var version: String
    public init(name: String = "attnbench", version: String) {
        self.name = name
        self.version = version
    }
}

public struct SuiteInfo: Codable, Equatable, Sendable {
    public var name: String
    public var description: String?
    /// Path of the suite file as given on the command line.
    public var file: String
    /// SHA-256 of the suite file's bytes, hex.
    public var sha256: String
    /// The suite's `checks` block, as `compare` reads it.
    public var checks: [String: CheckSpec]
    /// The suite's `reference`: the implementation the report's ratios are taken against.
    public var reference: String?
    public init(
        name: String, description: String?, file: String, sha256: String, checks: [String: CheckSpec] = [:],
        reference: String? = nil
    ) {
        self.name = name
        self.description = description
        self.file = file
        self.sha256 = sha256
        self.checks = checks
        self.reference = reference
    }
}

/// One entry of a suite's `checks`: a metric gated by `compare`.
/// `exact: true` (deterministic metric must match), or a relative `maxRegression`
/// (0.10 = 10 %), or an absolute `max` bound, or a relative `tolerance`.
public struct CheckSpec: Codable, Equatable, Sendable {
    public var exact: Bool?
    public var maxRegression: Double?
    public var max: Double?
    public var tolerance: Double?
    public init(exact: Bool? = nil, maxRegression: Double? = nil, max: Double? = nil, tolerance: Double? = nil) {
        self.exact = exact
        self.maxRegression = maxRegression
        self.max = max
        self.tolerance = tolerance
    }
}

public struct RunOptions: Codable, Equatable, Sendable {
    public var filter: String?
    public var quick: Bool
    public var seed: UInt64?
    public var interleave: Bool
    /// `K/N` when the run is one shard of N.
    public var shard: String?
    /// `--provider-timeout`: seconds a provider may take for any one reply (absent when no
    /// provider took part).
    public var providerTimeout: Double?
    /// Process invocations requested (`run --invocations N`, `measure.invocations`); nil: one.
    public var invocations: Int?
    /// Seed of the shuffled case order of this process (set in each invocation of a
    /// multi-invocation run or `ab`); nil: suite order.
    public var caseOrderSeed: UInt64?
    public init(
        filter: String? = nil, quick: Bool = false, seed: UInt64? = nil, interleave: Bool = false, shard: String? = nil,
        providerTimeout: Double? = nil, invocations: Int? = nil, caseOrderSeed: UInt64? = nil
    ) {
        self.filter = filter
        self.quick = quick
        self.seed = seed
        self.interleave = interleave
        self.shard = shard
        self.providerTimeout = providerTimeout
        self.invocations = invocations
        self.caseOrderSeed = caseOrderSeed
    }
}

public struct EnvironmentInfo: Codable, Equatable, Sendable {
    public var host: String
    public var cpuModel: String
    public var logicalCores: Int
    /// Cache sizes in bytes by level name (`L1d`, `L2`, `L3`).
    public var caches: [String: Int]
    public var governor: String?
    public var kernel: String
    public var swiftVersion: String
    public var papiVersion: String?
    public var gitCommit: String?
    /// `release` or `debug`.
    public var buildConfiguration: String
    public var targetCPU: String
    /// This machine's measured one-core FMA peak and triad bandwidth (the `host` hardware
    /// profile): the ceilings of its roofline and the "% of peak" of fleet reports. Absent
    /// in records written before attnbench measured it.
    public var hostProfile: HostPerformance?
    public init(
        host: String, cpuModel: String, logicalCores: Int, caches: [String: Int], governor: String?,
        kernel: String, swiftVersion: String, papiVersion: String?, gitCommit: String?,
        buildConfiguration: String, targetCPU: String, hostProfile: HostPerformance? = nil
    ) {
        self.host = host
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.caches = caches
        self.governor = governor
        self.kernel = kernel
        self.swiftVersion = swiftVersion
        self.papiVersion = papiVersion
        self.gitCommit = gitCommit
        self.buildConfiguration = buildConfiguration
        self.targetCPU = targetCPU
        self.hostProfile = hostProfile
    }
}

public struct CounterAvailability: Codable, Equatable, Sendable {
    public var requested: [String]
    public var collected: [String]
    /// Each event that was not counted, with PAPI's own error text (or why PAPI itself is
    /// unavailable), as the counter session found it.
    public var unavailable: [UnavailableCounterEvent]
    /// False on machines without a PMU (most VMs and CI runners).
    public var hardwareCounters: Bool
    public var note: String?
    public init(
        requested: [String] = [], collected: [String] = [], unavailable: [UnavailableCounterEvent] = [],
        hardwareCounters: Bool = false, note: String? = nil
    ) {
        self.requested = requested
        self.collected = collected
        self.unavailable = unavailable
        self.hardwareCounters = hardwareCounters
        self.note = note
    }
}

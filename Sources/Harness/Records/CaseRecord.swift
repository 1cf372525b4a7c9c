import AttentionKernels

/// One case of a run: its parameters, raw samples, statistics, modeled traffic and
/// accuracy. `id` is stable across runs and parameter order, so runs can be matched.
public struct CaseRecord: Codable, Equatable, Sendable {
    public var id: String
    public var parameters: CaseParameters
    /// `mha`, `gqa` or `mqa`.
    public var layout: String
    public var status: CaseStatus
    public var samples: [Sample]
    /// Per metric (`wall_ns`, `cpu_ns`, and each collected counter).
    public var statistics: [String: Summary]
    public var traffic: TrafficSummary?
    public var accuracy: Accuracy?
    public var derived: DerivedMetrics
    public var resources: ResourceUsage?
    /// Why the case was skipped or failed (absent for `ok` cases and in older records).
    public var reason: String?
    /// Nominal FLOPs per call (4·Lq·Lkv·D per head, half when causal) for cases without a
    /// traffic model: a provider's cases. attnbench's own cases carry it in `traffic.flops`.
    public var nominalFlops: Int?
    /// The case's run under callgrind, when simulated counters were requested and counted.
    public var simulation: CaseSimulation?
    /// The host that measured the case (absent in older records: the run's
    /// `environment.host`). In a merged run, timings compare only among one host's cases.
    public var host: String?

    public init(
        id: String, parameters: CaseParameters, layout: String, status: CaseStatus = .ok,
        samples: [Sample] = [], statistics: [String: Summary] = [:], traffic: TrafficSummary? = nil,
        accuracy: Accuracy? = nil, derived: DerivedMetrics = DerivedMetrics(), resources: ResourceUsage? = nil,
        reason: String? = nil, nominalFlops: Int? = nil, simulation: CaseSimulation? = nil,
        host: String? = nil
    ) {
        self.id = id
        self.parameters = parameters
        self.layout = layout
        self.status = status
        self.samples = samples
        self.statistics = statistics
        self.traffic = traffic
        self.accuracy = accuracy
        self.derived = derived
        self.resources = resources
        self.reason = reason
        self.nominalFlops = nominalFlops
        self.simulation = simulation
        self.host = host
    }

    /// Nominal FLOPs per call, from the traffic model or, for provider cases, the shape.
    public var flops: Int? { traffic?.flops ?? nominalFlops }
}

public enum CaseStatus: String, Codable, Equatable, Sendable {
    case ok
    /// The case could not run or its implementation broke down (`reason` says why).
    case failed
    /// The implementation cannot do this case (an FP8 simulation, a tile, an algorithm
    /// it does not have); `reason` says which. Not an error.
    case skipped
}

/// Every parameter a case runs with, after defaults and matrix expansion.
public struct CaseParameters: Codable, Equatable, Hashable, Sendable {
    public var batch: Int
    public var heads: Int
    public var kvHeads: Int
    public var seqLen: Int
    public var kvLen: Int
    public var headDim: Int
    public var causal: Bool
    public var algorithm: String
    public var precision: String
    public var scaling: String
    public var incoherent: Bool
    /// `BRxBC`, or nil when picked by the FA1 rule / default.
    public var tile: String?
    /// Tile actually used (`BRxBC`).
    public var effectiveTile: String
    /// SRAM capacity in bytes, when set (directly or by `profile`).
    public var sramBytes: Int?
    public var profile: String?
    public var gqaPacking: Bool
    public var threads: Int
    public var seed: UInt64
    public var distribution: InputDistribution
    /// Whose attention runs the case: `attnbench` (its own kernels) or a provider's name
    /// (`torch`, `numpy`, or one the suite declares). Records without it are attnbench's.
    public var implementation: String

    /// The implementation of attnbench's own kernels.
    public static let builtInImplementation = "attnbench"

    /// Whether attnbench's own kernels run the case.
    public var isBuiltIn: Bool { implementation == Self.builtInImplementation }

    /// Key splits flash-decoding ran with (chosen from the shape); nil for the other
    /// algorithms and in records written before flash-decoding existed.
    public var kvSplits: Int?

    public init(
        batch: Int, heads: Int, kvHeads: Int, seqLen: Int, kvLen: Int, headDim: Int, causal: Bool,
        algorithm: String, precision: String, scaling: String, incoherent: Bool, tile: String?,
        effectiveTile: String, sramBytes: Int?, profile: String?, gqaPacking: Bool, threads: Int,
        seed: UInt64, distribution: InputDistribution,
        implementation: String = CaseParameters.builtInImplementation, kvSplits: Int? = nil
    ) {
        self.batch = batch
        self.heads = heads
        self.kvHeads = kvHeads
        self.seqLen = seqLen
        self.kvLen = kvLen
        self.headDim = headDim
        self.causal = causal
        self.algorithm = algorithm
        self.precision = precision
        self.scaling = scaling
        self.incoherent = incoherent
        self.tile = tile
        self.effectiveTile = effectiveTile
        self.sramBytes = sramBytes
        self.profile = profile
        self.gqaPacking = gqaPacking
        self.threads = threads
        self.seed = seed
        self.distribution = distribution
        self.implementation = implementation
        self.kvSplits = kvSplits
    }
}

/// One timed sample: `calls` back-to-back calls of the kernel (1 unless calls are short;
/// see `RunSettings.minSampleTime`), with every value given per call.
public struct Sample: Codable, Equatable, Sendable {
    /// Wall time per call, ns.
    public var wallNs: Int64
    /// Process CPU time per call, ns.
    public var cpuNs: Int64
    /// Collected counters by event name (summed over worker threads), per call.
    public var counters: [String: Int64]
    /// Calls timed together in this sample (nil means 1).
    public var calls: Int?
    /// The interleaving round the sample was taken in (0-based; nil when not interleaved).
    public var round: Int?
    /// When the sample started, ns after the runner started: the order in which samples
    /// of different cases and implementations were actually taken.
    public var startNs: Int64?
    /// 0-based index of the process invocation that took this sample (`run --invocations N`,
    /// `ab`); nil in a run of one invocation.
    public var invocation: Int?
    public init(
        wallNs: Int64, cpuNs: Int64, counters: [String: Int64] = [:], calls: Int? = nil,
        round: Int? = nil, startNs: Int64? = nil, invocation: Int? = nil
    ) {
        self.wallNs = wallNs
        self.cpuNs = cpuNs
        self.counters = counters
        self.calls = calls
        self.round = round
        self.startNs = startNs
        self.invocation = invocation
    }
}

/// Descriptive statistics of one metric over a case's samples.
///
/// With samples from several process invocations (`run --invocations N`), `median` is the
/// median of the per-invocation medians and `ciLow`/`ciHigh` a two-level bootstrap interval
/// of it; `invocations` and the two spreads are set. Every other field is over all samples.
public struct Summary: Codable, Equatable, Sendable {
    /// Number of values (over every invocation).
    public var count: Int
    public var median: Double
    public var mean: Double
    public var stddev: Double
    public var min: Double
    public var max: Double
    public var p90: Double
    /// Median absolute deviation (unscaled).
    public var mad: Double
    /// stddev / mean.
    public var cv: Double
    /// Bootstrap 95 % confidence interval of the median.
    public var ciLow: Double
    public var ciHigh: Double
    /// Indices of samples flagged as outliers (beyond median ± 3·1.4826·MAD); kept, not dropped.
    public var outliers: [Int]
    /// Process invocations the values come from; nil for a single invocation.
    public var invocations: Int?
    /// Relative spread of the per-invocation medians, 1.4826·MAD/median (the spread between
    /// processes); nil for a single invocation.
    public var betweenInvocationSpread: Double?
    /// Median over invocations of each invocation's relative spread, 1.4826·MAD/median (the
    /// spread of samples within one process); nil for a single invocation.
    public var withinInvocationSpread: Double?
    public init(
        count: Int, median: Double, mean: Double, stddev: Double, min: Double, max: Double, p90: Double,
        mad: Double, cv: Double, ciLow: Double, ciHigh: Double, outliers: [Int], invocations: Int? = nil,
        betweenInvocationSpread: Double? = nil, withinInvocationSpread: Double? = nil
    ) {
        self.count = count
        self.median = median
        self.mean = mean
        self.stddev = stddev
        self.min = min
        self.max = max
        self.p90 = p90
        self.mad = mad
        self.cv = cv
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.outliers = outliers
        self.invocations = invocations
        self.betweenInvocationSpread = betweenInvocationSpread
        self.withinInvocationSpread = withinInvocationSpread
    }
}

/// Modeled HBM/SRAM traffic of one kernel call (from the kernel's own ledger).
public struct TrafficSummary: Codable, Equatable, Sendable {
    public var hbmReadBytes: Int
    public var hbmWriteBytes: Int
    public var sramPeakBytes: Int
    public var flops: Int
    public var executedFlops: Int
    public var kvCacheBytes: Int
    /// Read and write bytes per operand name (`Q`, `K`, `V`, `S`, `P`, `O`, `m,l`, `scales`).
    public var readsByOperand: [String: Int]
    public var writesByOperand: [String: Int]
    public init(
        hbmReadBytes: Int, hbmWriteBytes: Int, sramPeakBytes: Int, flops: Int, executedFlops: Int,
        kvCacheBytes: Int, readsByOperand: [String: Int], writesByOperand: [String: Int]
    ) {
        self.hbmReadBytes = hbmReadBytes
        self.hbmWriteBytes = hbmWriteBytes
        self.sramPeakBytes = sramPeakBytes
        self.flops = flops
        self.executedFlops = executedFlops
        self.kvCacheBytes = kvCacheBytes
        self.readsByOperand = readsByOperand
        self.writesByOperand = writesByOperand
    }
}

/// Error of the kernel's output against the float64 reference on unquantized inputs.
public struct Accuracy: Codable, Equatable, Sendable {
    public var maxAbsError: Double
    public var rmse: Double
    public var relativeFrobenius: Double
    public init(maxAbsError: Double, rmse: Double, relativeFrobenius: Double) {
        self.maxAbsError = maxAbsError
        self.rmse = rmse
        self.relativeFrobenius = relativeFrobenius
    }
}

/// Metrics computed from the samples and the model, when their inputs exist. Counter-based
/// ones (`ipc` … `llBytesPerFlop`) come from PAPI or from simulated events, computed the same
/// way (`CounterDerivation`); `sources` says which.
public struct DerivedMetrics: Codable, Equatable, Sendable {
    /// Nominal FLOPs / median wall time.
    public var gflops: Double?
    /// Modeled HBM bytes / median wall time.
    public var modeledGBs: Double?
    /// Nominal FLOPs per modeled HBM byte.
    public var arithmeticIntensity: Double?
    public var ipc: Double?
    public var l1MissRate: Double?
    public var l2MissRate: Double?
    /// Last-level data misses per last-level data access.
    public var llMissRate: Double?
    /// Mispredicted conditional branches per conditional branch.
    public var branchMissRate: Double?
    /// Instructions per nominal FLOP.
    public var instructionsPerFlop: Double?
    /// Bytes brought in past the last level (misses × line size) per nominal FLOP.
    public var llBytesPerFlop: Double?
    /// Which counters each counter-based metric came from, by metric name: `papi` or `sim`.
    public var sources: [String: String]?
    public init(
        gflops: Double? = nil, modeledGBs: Double? = nil, arithmeticIntensity: Double? = nil,
        ipc: Double? = nil, l1MissRate: Double? = nil, l2MissRate: Double? = nil, llMissRate: Double? = nil,
        branchMissRate: Double? = nil, instructionsPerFlop: Double? = nil, llBytesPerFlop: Double? = nil,
        sources: [String: String]? = nil
    ) {
        self.gflops = gflops
        self.modeledGBs = modeledGBs
        self.arithmeticIntensity = arithmeticIntensity
        self.ipc = ipc
        self.l1MissRate = l1MissRate
        self.l2MissRate = l2MissRate
        self.llMissRate = llMissRate
        self.branchMissRate = branchMissRate
        self.instructionsPerFlop = instructionsPerFlop
        self.llBytesPerFlop = llBytesPerFlop
        self.sources = sources
    }
}

/// Process resources over the case's sampling (getrusage deltas; peak RSS is the
/// process high-water mark at the end of the case).
public struct ResourceUsage: Codable, Equatable, Sendable {
    public var peakRSSBytes: Int
    public var pageFaults: Int
    public var voluntaryContextSwitches: Int
    public var involuntaryContextSwitches: Int
    public init(peakRSSBytes: Int, pageFaults: Int, voluntaryContextSwitches: Int, involuntaryContextSwitches: Int) {
        self.peakRSSBytes = peakRSSBytes
        self.pageFaults = pageFaults
        self.voluntaryContextSwitches = voluntaryContextSwitches
        self.involuntaryContextSwitches = involuntaryContextSwitches
    }
}

import Foundation

/// How a run takes a suite's cases: which ones, how many samples, in what order.
public struct RunSettings: Sendable {
    /// Only cases whose id matches this regular expression.
    public var filter: String?
    /// Fewer samples, for a smoke run.
    public var quick: Bool
    /// Replaces every case's input seed.
    public var seed: UInt64?
    /// Overrides the suite's `measure.interleave` when set.
    public var interleave: Bool?
    /// Run only this shard of the cases (a cost-balanced split, see `ShardPartition`).
    public var shard: RunShard?
    /// The scheduler the run was started from (`ShardAssignment`), recorded in run.json.
    public var scheduler: SchedulerInfo?
    /// This machine's measured peaks (`HostProfiler.performance`), recorded in run.json.
    public var hostProfile: HostPerformance?
    /// Reference multiply-adds allowed per case for accuracy (rows are sampled above it).
    public var accuracyBudget: Int
    /// `accuracyBudget` unless a caller sets another.
    public static let defaultAccuracyBudget = 300_000_000
    /// Environment variable that sets `accuracyBudget` for a run (a positive integer).
    /// `ab` sets it for its invocations, which compare time: checking every row of every
    /// case against the float64 reference in every round would cost about a fifth of each
    /// invocation of `Suites/quick.yaml` (Intel Xeon, Emerald Rapids, measured with perf).
    public static let accuracyBudgetVariable = "ATTNBENCH_ACCURACY_BUDGET"
    /// Largest `accuracyBudgetVariable` accepted (about a minute of reference per case).
    public static let maxAccuracyBudget = 100_000_000_000

    /// Shortest sample, seconds: calls faster than this are timed several back to back
    /// (and reported per call), so that the timer's own cost and the scheduler's time
    /// slices cannot dominate a microsecond-scale call.
    public var minSampleTime: Double
    /// Seconds a provider may take for any one reply (its hello, preparing a case, one
    /// warm-up call or sample) before it is stopped and its remaining cases fail.
    public var providerTimeout: Double
    /// Take the selected cases in an order shuffled with this seed (each invocation of
    /// `run --invocations N` and `ab` gets its own); nil: suite order.
    public var caseOrderSeed: UInt64?

    /// The default `providerTimeout`: long enough for PyTorch's import on a loaded machine
    /// and for the largest shipped case, short enough that a hung provider is noticed.
    public static let defaultProviderTimeout = 120.0

    public init(
        filter: String? = nil, quick: Bool = false, seed: UInt64? = nil, interleave: Bool? = nil,
        shard: RunShard? = nil, accuracyBudget: Int = RunSettings.defaultAccuracyBudget,
        minSampleTime: Double = 0.005, providerTimeout: Double = RunSettings.defaultProviderTimeout,
        scheduler: SchedulerInfo? = nil, hostProfile: HostPerformance? = nil, caseOrderSeed: UInt64? = nil
    ) {
        self.filter = filter
        self.quick = quick
        self.seed = seed
        self.interleave = interleave
        self.shard = shard
        self.accuracyBudget = accuracyBudget
        self.minSampleTime = minSampleTime
        self.providerTimeout = providerTimeout
        self.scheduler = scheduler
        self.hostProfile = hostProfile
        self.caseOrderSeed = caseOrderSeed
    }

    /// The sampling policy for a suite's `measure`, shortened under `--quick`.
    func policy(_ m: MeasureSpec) -> SamplingPolicy {
        (quick ? m.quick : m).samplingPolicy
    }
}

extension RunSettings {
    /// The accuracy budget `environment` asks for: nil when it does not set
    /// `accuracyBudgetVariable`; a message naming the variable when it is not a whole
    /// number from 1 to `maxAccuracyBudget`.
    public static func accuracyBudget(in environment: [String: String]) throws(RunnerError) -> Int? {
        guard let text = environment[accuracyBudgetVariable] else { return nil }
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)), (1...maxAccuracyBudget).contains(n) else {
            throw RunnerError.badSetting(
                "\(accuracyBudgetVariable)='\(text)' is not a whole number of multiply-adds "
                    + "from 1 to \(maxAccuracyBudget)")
        }
        return n
    }
}

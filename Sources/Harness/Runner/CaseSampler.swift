import AttentionKernels
import Counters

/// A case made ready to sample, whoever computes it: attnbench's own kernels
/// (`CaseExecution`) or a provider (`ProviderCaseExecution`). The runner applies the same
/// sampling policy, batching, interleaving, statistics and interruption handling to both.
protocol CaseSampler: AnyObject {
    var suiteCase: SuiteCase { get }
    /// Timed samples so far.
    var samples: [Sample] { get }
    /// Seconds the timed samples add up to.
    var elapsed: Double { get }
    /// Untimed calls; the fastest one sets how many calls a sample batches.
    func warmUp(_ count: Int, minSampleTime: Double, observer: WorkerObserver?) throws(CaseNotRun)
    /// One timed sample.
    func takeSample(_ context: SampleContext) throws(CaseNotRun)
    /// The record of the sampled case.
    func record(counterNames: [String]) -> CaseRecord
    /// The case is done (finished or failed): free what it holds.
    func release()
}

/// What a sample needs from the runner besides the case itself.
struct SampleContext {
    /// PAPI counters over attnbench's worker threads (nil when none are collected).
    var counters: ThreadCounters?
    var observer: WorkerObserver?
    /// The interleaving round (nil when cases run one after another).
    var round: Int?
    /// When the runner started (`DispatchTime` uptime ns), for `Sample.startNs`.
    var runStart: UInt64
}

/// Why a case has no measurement.
public enum CaseNotRun: Error, Equatable, Sendable {
    /// The implementation cannot do this case (a capability it lacks); not an error.
    case skipped(String)
    /// The case could not run, or its implementation broke down.
    case failed(String)
    /// The run is being interrupted: the case is left out of the record.
    case stopped
}

import AttentionKernels
import Counters

/// One case of attnbench's own kernels as the runner samples it: a `CaseExecution` of the
/// case's plan, and the case it belongs to.
final class BuiltInCase: CaseSampler {
    let suiteCase: SuiteCase
    private let execution: CaseExecution

    init(_ suiteCase: SuiteCase, accuracyBudget: Int) throws(AttentionError) {
        self.suiteCase = suiteCase
        execution = try CaseExecution(suiteCase, accuracyBudget: accuracyBudget)
    }

    var samples: [Sample] { execution.samples }
    var elapsed: Double { execution.elapsed }

    func warmUp(_ count: Int, minSampleTime: Double, observer: WorkerObserver?) {
        execution.warmUp(count, minSampleTime: minSampleTime, observer: observer)
    }

    func takeSample(_ context: SampleContext) {
        let start = ProcessResources.now().wallNanoseconds
        execution.takeSample(counters: context.counters, observer: context.observer)
        let last = execution.samples.count - 1
        execution.samples[last].round = context.round
        execution.samples[last].startNs = Int64(start) - Int64(context.runStart)
    }

    func record(counterNames: [String]) -> CaseRecord {
        CaseRecord(finished: execution, of: suiteCase, counterNames: counterNames)
    }

    func release() {}
}

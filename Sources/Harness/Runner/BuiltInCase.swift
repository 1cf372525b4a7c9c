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

    func warmUp(_ count: Int, minSampleTime: Double, observer: WorkerObserver?) throws(CaseNotRun) {
        do {
            try execution.warmUp(count, minSampleTime: minSampleTime, observer: observer)
        } catch {
            throw .failed(error.message)
        }
    }

    func takeSample(_ context: SampleContext) throws(CaseNotRun) {
        let start = ProcessResources.now().wallNanoseconds
        do {
            try execution.takeSample(counters: context.counters, observer: context.observer)
        } catch {
            throw .failed(error.message)
        }
        let last = execution.samples.count - 1
        execution.samples[last].round = context.round
        execution.samples[last].startNs = Int64(start) - Int64(context.runStart)
    }

    func record(counterNames: [String]) -> CaseRecord {
        CaseRecord(finished: execution, of: suiteCase, counterNames: counterNames)
    }

    func release() {}
}

import AttentionKernels
import Counters

/// Connects the kernels' worker callbacks to per-thread PAPI counting, so counts cover
/// every worker thread and not only the one that started the call.
final class CounterObserver: WorkerObserver {
    let counters: ThreadCounters

    init(_ counters: ThreadCounters) {
        self.counters = counters
    }

    func workerWillBegin(_ worker: Int) { counters.begin(worker: worker) }
    func workerDidEnd(_ worker: Int) { counters.end(worker: worker) }
}

import AttentionKernels
import Counters

/// The kernels call `workerWillBegin`/`workerDidEnd` on each worker thread; PAPI's
/// per-thread event sets in `ThreadCounters` answer to exactly those calls, so counts
/// cover every worker thread and not only the one that started the call.
extension ThreadCounters: WorkerObserver {}

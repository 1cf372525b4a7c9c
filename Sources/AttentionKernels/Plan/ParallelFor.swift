import Dispatch

/// Told when a worker thread starts and stops its share of a parallel region, on that
/// thread. The Counters module uses it to count hardware events on every worker, which
/// PAPI can only do from the thread itself.
public protocol WorkerObserver: AnyObject {
    func workerWillBegin(_ worker: Int)
    func workerDidEnd(_ worker: Int)
}

/// Runs `count` independent work units on up to `threads` workers.
///
/// Worker `w` takes units `w, w + T, w + 2T, …` (interleaved, so causal work, which
/// grows with the unit index, spreads evenly). Each unit is computed by exactly the
/// same code whichever worker runs it, so results are bit-identical for every thread
/// count. With one worker everything runs inline on the calling thread.
@inline(__always)
func parallelFor(_ count: Int, threads: Int, observer: WorkerObserver?, _ body: (_ worker: Int, _ unit: Int) -> Void) {
    let workers = max(1, min(threads, count))
    if workers == 1 {
        observer?.workerWillBegin(0)
        for u in 0..<count { body(0, u) }
        observer?.workerDidEnd(0)
        return
    }
    withoutActuallyEscaping(body) { body in
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            observer?.workerWillBegin(w)
            var u = w
            while u < count {
                body(w, u)
                u += workers
            }
            observer?.workerDidEnd(w)
        }
    }
}

import Foundation

/// One thread's counter for one `ThreadCounters`: the backend's counter, or the reason
/// it could not be opened (remembered, so a failing thread does not retry every region).
///
/// Started and stopped on its own thread; closed from there or from whichever thread
/// closes the `ThreadCounters`, hence the lock. Nested begin/end pairs on one thread
/// count once (only the outermost pair starts and stops).
final class WorkerCounter {
    private let lock = NSLock()
    private var counter: (any ThreadEventCounter)?
    private let openFailure: CounterFailure?
    private var depth = 0
    private var closed = false

    init(opening events: [String], with backend: any CounterBackend) {
        switch backend.openCounter(events: events) {
        case .success(let counter):
            self.counter = counter
            self.openFailure = nil
        case .failure(let failure):
            self.counter = nil
            self.openFailure = failure.prefixed("a worker thread could not open its counters: ")
        }
    }

    /// Starts counting unless already started on this thread; the failure, if any.
    func start() -> CounterFailure? {
        lock.lock()
        defer { lock.unlock() }
        if let openFailure { return openFailure }
        guard let counter, !closed else { return nil }
        depth += 1
        guard depth == 1 else { return nil }
        let failure = counter.start()
        if failure != nil { depth = 0 }
        return failure
    }

    /// Stops counting when this ends the outermost begin; nil when nothing was stopped.
    func stop() -> Result<[Int64], CounterFailure>? {
        lock.lock()
        defer { lock.unlock() }
        guard let counter, !closed, depth > 0 else { return nil }
        depth -= 1
        guard depth == 0 else { return nil }
        return counter.stop()
    }

    /// Whether the counter has been closed (from any thread).
    var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        counter?.close()
        counter = nil
    }
}

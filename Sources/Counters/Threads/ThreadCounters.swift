import Foundation

/// Sums event counts over every thread that does a share of the work.
///
/// PAPI counts only the thread that opened an event set, so the kernel library calls
/// `begin(worker:)` and `end(worker:)` on each worker thread around its share of every
/// parallel region (with one thread, on the calling thread). The first `begin` on an
/// OS thread opens and caches that thread's event set; `begin` starts it, `end` stops it
/// and adds the counts to a shared total under a lock. Worker indexes are only labels:
/// counting follows the OS thread, whichever worker index it runs.
///
/// Typical use per timed sample: `reset()`, run the kernel (which calls begin/end on its
/// workers), `read()`. Safe to call from any thread, including Dispatch workers. The
/// first `begin` on a thread opens its event set (a few perf syscalls), so let warm-up
/// runs do that before timing; later begin/end pairs cost a PAPI start and stop.
///
/// `@unchecked Sendable` because the compiler cannot see what makes it safe: every
/// mutable stored property (`totals`, `problemCounts`, `workers`, `closed`) is read and
/// written only while holding `lock`, and the per-thread event sets are reached only
/// through `ThreadSlot.current()`, i.e. from the thread that owns them. (`Mutex` from the
/// Synchronization module would say this to the compiler but needs macOS 15; the package
/// supports macOS 13.)
public final class ThreadCounters: @unchecked Sendable {
    /// The events counted, in the order of the backend's event sets.
    public let events: [String]
    private let backend: any CounterBackend
    /// Unique for the process's lifetime, so per-thread caches never confuse two instances.
    private let id: UInt64

    private let lock = NSLock()
    private var totals: [Int64]
    private var problemCounts: [String: Int] = [:]
    private var workers: [WorkerCounter] = []
    private var closed = false

    init(events: [String], backend: any CounterBackend) {
        self.events = events
        self.backend = backend
        self.id = ThreadCounters.nextID()
        self.totals = [Int64](repeating: 0, count: events.count)
    }

    deinit { close() }

    /// Starts counting on the calling thread; call before this thread's share of work.
    public func begin(worker: Int) {
        guard !events.isEmpty, let slot = ThreadSlot.current() else { return }
        let counter = slot.counter(for: id) ?? open(in: slot)
        if let failure = counter.start() { record(failure) }
    }

    /// Stops counting on the calling thread and adds its counts to the total; call after
    /// this thread's share of work, on the same thread as `begin`.
    public func end(worker: Int) {
        guard !events.isEmpty, let slot = ThreadSlot.current(), let counter = slot.counter(for: id) else { return }
        switch counter.stop() {
        case .none:
            return
        case .some(.failure(let failure)):
            record(failure)
        case .some(.success(let values)):
            lock.lock()
            for i in totals.indices where i < values.count { totals[i] &+= values[i] }
            lock.unlock()
        }
    }

    /// Zeroes the totals and forgets problems; call between samples, not while workers run.
    public func reset() {
        lock.lock()
        for i in totals.indices { totals[i] = 0 }
        problemCounts = [:]
        lock.unlock()
    }

    /// Counts summed over all threads since the last `reset()`, by event name. Only
    /// collected events appear; check `problems()` for threads that could not count.
    public func read() -> [String: Int64] {
        lock.lock()
        defer { lock.unlock() }
        return Dictionary(zip(events, totals), uniquingKeysWith: { first, _ in first })
    }

    /// Distinct failures since the last `reset()` (e.g. a thread that could not open its
    /// event set), with how often each happened; empty when every thread counted, so
    /// the totals are complete.
    public func problems() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return problemCounts.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value)×)" }
    }

    /// Releases every thread's event set. Counting afterwards does nothing. Also done on deinit.
    public func close() {
        lock.lock()
        closed = true
        let open = workers
        workers = []
        lock.unlock()
        for worker in open { worker.close() }
    }

    /// AttentionKernels' `WorkerObserver` requirement, so the harness can conform with an
    /// empty extension.
    public func workerWillBegin(_ worker: Int) { begin(worker: worker) }

    /// AttentionKernels' `WorkerObserver` requirement; see `workerWillBegin(_:)`.
    public func workerDidEnd(_ worker: Int) { end(worker: worker) }

    /// Opens this thread's counter (or remembers why it cannot) and caches it.
    private func open(in slot: ThreadSlot) -> WorkerCounter {
        let counter = WorkerCounter(opening: events, with: backend)
        slot.store(counter, for: id, backend: backend)
        lock.lock()
        let isClosed = closed
        if !isClosed { workers.append(counter) }
        lock.unlock()
        if isClosed { counter.close() }
        return counter
    }

    private func record(_ failure: CounterFailure) {
        lock.lock()
        problemCounts[failure.description, default: 0] += 1
        lock.unlock()
    }

    private static let idLock = NSLock()
    /// Read and written only under `idLock` (see `nextID()`), hence `nonisolated(unsafe)`.
    nonisolated(unsafe) private static var lastID: UInt64 = 0

    private static func nextID() -> UInt64 {
        idLock.lock()
        defer { idLock.unlock() }
        lastID += 1
        return lastID
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-OS-thread storage for the counters opened on that thread (a pthread key, so a
/// lookup costs no lock), released when the thread exits: its event sets are closed and
/// the backends told, so an OS thread id reused later starts clean.
final class ThreadSlot {
    private var counters: [UInt64: WorkerCounter] = [:]
    private var backends: [ObjectIdentifier: any CounterBackend] = [:]

    /// The calling thread's slot, created on first use; nil only if no pthread key could be made.
    static func current() -> ThreadSlot? {
        guard let key = ThreadSlotKey.key else { return nil }
        if let raw = pthread_getspecific(key) {
            return Unmanaged<ThreadSlot>.fromOpaque(raw).takeUnretainedValue()
        }
        let slot = ThreadSlot()
        let raw = Unmanaged.passRetained(slot).toOpaque()
        guard pthread_setspecific(key, raw) == 0 else {
            Unmanaged<ThreadSlot>.fromOpaque(raw).release()
            return nil
        }
        return slot
    }

    func counter(for owner: UInt64) -> WorkerCounter? { counters[owner] }

    /// Caches `counter` for `owner`, dropping counters whose owners have closed them.
    func store(_ counter: WorkerCounter, for owner: UInt64, backend: any CounterBackend) {
        counters = counters.filter { !$0.value.isClosed }
        counters[owner] = counter
        backends[ObjectIdentifier(backend)] = backend
    }

    /// Runs on the exiting thread (pthread key destructor).
    fileprivate func threadExiting() {
        for counter in counters.values { counter.close() }
        counters = [:]
        for backend in backends.values { backend.threadWillExit() }
        backends = [:]
    }
}

/// The process-wide pthread key behind `ThreadSlot`.
private enum ThreadSlotKey {
    static let key: pthread_key_t? = {
        var key = pthread_key_t()
        let rc = pthread_key_create(&key) { raw in releaseSlot(raw) }
        return rc == 0 ? key : nil
    }()
}

private func releaseSlot(_ raw: UnsafeMutableRawPointer?) {
    guard let raw else { return }
    Unmanaged<ThreadSlot>.fromOpaque(raw).takeRetainedValue().threadExiting()
}

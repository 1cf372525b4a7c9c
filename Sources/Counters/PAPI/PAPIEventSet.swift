import CPAPI

/// One PAPI event set on the thread that created it: the whole of attnbench's
/// event-set interop with PAPI (create, add, start, stop, clean up, destroy).
///
/// PAPI counts only the thread that created the set (after `PAPI_thread_init`), so each
/// worker thread opens its own. Not thread-safe: use it from its own thread.
final class PAPIEventSet: ThreadEventCounter {
    private var handle: Int32
    private var values: [Int64]
    private var running = false

    private init(handle: Int32, count: Int) {
        self.handle = handle
        self.values = [Int64](repeating: 0, count: count)
    }

    /// Registers the calling thread with PAPI and opens a set counting `events` on it.
    static func open(_ events: [String]) -> Result<PAPIEventSet, CounterFailure> {
        let registered = PAPI_register_thread()
        if registered != PAPI_OK {
            return .failure(PAPILibrary.failure(registered, context: "PAPI_register_thread failed: "))
        }
        var handle: Int32 = PAPI_NULL
        let created = PAPI_create_eventset(&handle)
        if created != PAPI_OK {
            return .failure(PAPILibrary.failure(created, context: "PAPI_create_eventset failed: "))
        }
        let set = PAPIEventSet(handle: handle, count: events.count)
        for event in events {
            let rc = PAPI_add_named_event(handle, PAPIEventNames.countingName(for: event))
            if rc != PAPI_OK {
                set.close()
                return .failure(explainAddFailure(event, rc))
            }
        }
        return .success(set)
    }

    func start() -> CounterFailure? {
        let rc = PAPI_start(handle)
        guard rc == PAPI_OK else { return PAPILibrary.failure(rc, context: "PAPI_start failed: ") }
        running = true
        return nil
    }

    func stop() -> Result<[Int64], CounterFailure> {
        let rc = values.withUnsafeMutableBufferPointer { PAPI_stop(handle, $0.baseAddress) }
        running = false
        guard rc == PAPI_OK else { return .failure(PAPILibrary.failure(rc, context: "PAPI_stop failed: ")) }
        return .success(values)
    }

    func close() {
        guard handle != PAPI_NULL else { return }
        if running {
            _ = values.withUnsafeMutableBufferPointer { PAPI_stop(handle, $0.baseAddress) }
            running = false
        }
        _ = PAPI_cleanup_eventset(handle)
        _ = PAPI_destroy_eventset(&handle)
        handle = PAPI_NULL
    }

    deinit { close() }

    /// PAPI's reason, with what attnbench knows about why: an unknown name, a known event
    /// this machine cannot count, or the kernel domain being refused.
    private static func explainAddFailure(_ event: String, _ rc: Int32) -> CounterFailure {
        if PAPIEventNames.needsKernelDomain(event) && (rc == PAPI_EPERM || rc == PAPI_ENOSUPP) {
            return PAPILibrary.failure(
                rc,
                context: "counts only in the kernel domain (it reads 0 in user mode), "
                    + "which was refused — needs root or kernel.perf_event_paranoid <= 1: ")
        }
        var code: Int32 = 0
        if PAPI_event_name_to_code(event, &code) != PAPI_OK {
            return PAPILibrary.failure(rc, context: "PAPI does not know this event name: ")
        }
        if rc == PAPI_ECMP_DISABLED {
            return PAPILibrary.failure(rc, context: "the PAPI component that counts it is disabled on this machine: ")
        }
        // The lookup succeeds for hardware events on machines that cannot count them.
        guard rc == PAPI_ENOEVNT else { return PAPILibrary.failure(rc) }
        return PAPILibrary.failure(rc, context: "known to PAPI but cannot be counted on this machine: ")
    }
}

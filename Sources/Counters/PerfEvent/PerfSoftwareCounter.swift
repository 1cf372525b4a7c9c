import CPerfEvent

/// A group of kernel software counters on the thread that opened them: one perf_event
/// file descriptor per event, started and stopped together.
///
/// Not thread-safe: like a PAPI event set it counts, and must be used from, its own thread.
final class PerfSoftwareCounter: ThreadEventCounter {
    private var descriptors: [Int32]
    private var values: [Int64]

    private init(descriptors: [Int32]) {
        self.descriptors = descriptors
        self.values = [Int64](repeating: 0, count: descriptors.count)
    }

    /// Opens one counter per event on the calling thread (kernel-only events also count in
    /// kernel mode); fails, closing what it opened, with the kernel's reason.
    static func open(_ events: [(name: String, event: PerfSoftwareEvent)]) -> Result<
        PerfSoftwareCounter, CounterFailure
    > {
        var opened: [Int32] = []
        for (name, event) in events {
            let fd = cperf_open_software(event.config, event.kernelOnly ? 1 : 0)
            if fd < 0 {
                for fd in opened { cperf_close(fd) }
                var message = "perf_event_open(\(name)) failed: " + errorText(-fd)
                if event.kernelOnly && (-fd == EACCES || -fd == EPERM) {
                    message =
                        "counts only in kernel mode, which was refused — needs root or "
                        + "kernel.perf_event_paranoid <= 1: " + message
                }
                return .failure(CounterFailure(message: message))
            }
            opened.append(fd)
        }
        return .success(PerfSoftwareCounter(descriptors: opened))
    }

    func start() -> CounterFailure? {
        for fd in descriptors {
            let rc = cperf_start(fd)
            if rc != 0 { return CounterFailure(message: "perf_event start failed: " + Self.errorText(-rc)) }
        }
        return nil
    }

    func stop() -> Result<[Int64], CounterFailure> {
        var failure: CounterFailure?
        for (i, fd) in descriptors.enumerated() {
            var value: Int64 = 0
            let rc = cperf_stop(fd, &value)
            if rc != 0 && failure == nil {
                failure = CounterFailure(message: "perf_event read failed: " + Self.errorText(-rc))
            }
            values[i] = value
        }
        if let failure { return .failure(failure) }
        return .success(values)
    }

    func close() {
        for fd in descriptors { cperf_close(fd) }
        descriptors = []
    }

    deinit { close() }

    private static func errorText(_ error: Int32) -> String {
        guard let text = cperf_error_text(error) else { return "errno \(error)" }
        return String(cString: text) + " (errno \(error))"
    }
}

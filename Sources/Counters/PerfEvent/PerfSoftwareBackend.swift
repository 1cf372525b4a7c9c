/// Counts the kernel's software events (`perf::TASK-CLOCK`, `perf::PAGE-FAULTS`, …) with
/// perf_event_open directly, without PAPI; any other event is refused.
///
/// `DefaultCounterBackend` uses it only where PAPI cannot count these events itself.
public final class PerfSoftwareBackend: CounterBackend {
    /// Why the kernel refuses even a task clock here (not Linux, perf_event_open blocked by
    /// seccomp or `perf_event_paranoid` 3), or nil when software events work.
    public let unavailableReason: CounterFailure?

    /// A backend that has tried one task clock on the calling thread.
    public init() {
        let probe = PerfSoftwareEvent(name: "perf::TASK-CLOCK").map { [("perf::TASK-CLOCK", $0)] } ?? []
        switch PerfSoftwareCounter.open(probe) {
        case .success(let counter):
            counter.close()
            unavailableReason = nil
        case .failure(let failure):
            unavailableReason = failure
        }
    }

    /// "perf_event_open".
    public var versionDescription: String? { "perf_event_open (Linux software events)" }
    /// Not known without PAPI.
    public var hypervisor: String? { nil }

    /// Whether this backend can count `event` at all (a software event's name).
    public static func handles(_ event: String) -> Bool { PerfSoftwareEvent(name: event) != nil }

    public func openCounter(events: [String]) -> Result<any ThreadEventCounter, CounterFailure> {
        if let unavailableReason { return .failure(unavailableReason) }
        var resolved: [(name: String, event: PerfSoftwareEvent)] = []
        for name in events {
            guard let event = PerfSoftwareEvent(name: name) else {
                return .failure(CounterFailure(message: "not a Linux software event: \(name)"))
            }
            resolved.append((name, event))
        }
        return PerfSoftwareCounter.open(resolved).map { $0 }
    }

    /// Nothing to forget: the counters are closed by their owners.
    public func threadWillExit() {}
}

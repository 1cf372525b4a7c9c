/// The backend used when no counter library can run (PAPI missing or failing to
/// initialise, or counters switched off): every event is unavailable for one stated
/// reason, and the harness still records clocks and rusage.
public final class NullBackend: CounterBackend {
    /// Why nothing can be counted; shown next to every requested event.
    public let reason: CounterFailure

    public init(reason: CounterFailure) {
        self.reason = reason
    }

    public var versionDescription: String? { nil }
    public var unavailableReason: CounterFailure? { reason }
    public var hypervisor: String? { nil }

    public func openCounter(events: [String]) -> Result<any ThreadEventCounter, CounterFailure> {
        .failure(reason)
    }

    public func threadWillExit() {}
}

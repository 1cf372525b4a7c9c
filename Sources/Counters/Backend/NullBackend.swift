/// The backend used when no counter library can run (PAPI missing or failing to
/// initialise, or counters switched off): every event is unavailable for one stated
/// reason, and the harness still records clocks and rusage.
public final class NullBackend: CounterBackend {
    /// Why nothing can be counted; shown next to every requested event.
    public let reason: CounterFailure

    /// A backend that refuses every event with `reason`.
    public init(reason: CounterFailure) {
        self.reason = reason
    }

    /// No library, so no version.
    public var versionDescription: String? { nil }
    /// Always `reason`.
    public var unavailableReason: CounterFailure? { reason }
    /// Unknown without a library.
    public var hypervisor: String? { nil }

    /// Always fails with `reason`.
    public func openCounter(events: [String]) -> Result<any ThreadEventCounter, CounterFailure> {
        .failure(reason)
    }

    /// Nothing to forget.
    public func threadWillExit() {}
}

/// A source of per-thread event counts: PAPI on real machines, `NullBackend` when PAPI
/// cannot start, and fakes in tests.
///
/// Backends only open, start, stop and close counters on the calling thread; which
/// events are usable, how they are grouped and how counts from many threads are summed
/// is decided once, above them, by `CounterSession` and `ThreadCounters`.
public protocol CounterBackend: AnyObject, Sendable {
    /// The library and version as a run record shows it, e.g. `PAPI 7.0.0.0`; nil without one.
    var versionDescription: String? { get }
    /// Why this backend can count nothing at all (every event is unavailable for this
    /// reason), or nil when it works.
    var unavailableReason: CounterFailure? { get }
    /// The hypervisor when the backend knows the machine is virtualised ("KVMKVMKVM"), else nil.
    var hypervisor: String? { get }
    /// How events are routed when that is not the obvious way (e.g. software events through
    /// perf_event_open because PAPI's perf_event component is disabled), for the run record.
    var routingNote: String? { get }

    /// Opens a counter for `events`, all in one group, counting the calling thread only.
    /// Fails with the reason of the first event that cannot join the group.
    /// Must be started, stopped and closed on the thread that opened it.
    func openCounter(events: [String]) -> Result<any ThreadEventCounter, CounterFailure>

    /// Called on a thread that opened counters, after closing them, when the thread is about
    /// to exit, so the backend can forget it.
    func threadWillExit()
}

/// One group of events counting on one thread (a PAPI event set).
public protocol ThreadEventCounter: AnyObject {
    /// Starts counting from zero.
    func start() -> CounterFailure?
    /// Stops counting and returns one count per event, in the order the events were opened.
    func stop() -> Result<[Int64], CounterFailure>
    /// Releases the counter; it cannot be used afterwards. Closing twice is harmless.
    func close()
}

extension CounterBackend {
    /// Most backends count every event the one obvious way.
    public var routingNote: String? { nil }

    /// Whether `events` can be counted together on this thread: opens them, starts and
    /// stops once (an event can open and still fail to start) and closes again.
    /// Returns nil when they count, else the reason.
    public func check(_ events: [String]) -> CounterFailure? {
        let counter: any ThreadEventCounter
        switch openCounter(events: events) {
        case .failure(let failure): return failure
        case .success(let opened): counter = opened
        }
        defer { counter.close() }
        if let failure = counter.start() { return failure.prefixed("opens but does not start: ") }
        if case .failure(let failure) = counter.stop() { return failure.prefixed("starts but does not stop: ") }
        return nil
    }
}

/// The events a run asked for, sorted once into those that will be counted and those
/// that cannot be, with PAPI's reason for each.
///
/// Create one per suite (probing opens a few event sets, ~ms), record `collected`,
/// `unavailable`, `hardwareCountersAvailable` and `note` in the run record, then count
/// with `makeThreadCounters()`. Unavailable events are never reported as zero: they are
/// simply absent from `ThreadCounters.read()`.
///
/// Sendable as checked by the compiler: every stored property is an immutable `let` of a
/// Sendable type (the backend protocol is itself Sendable).
public final class CounterSession: Sendable {
    /// The events as requested, duplicates removed, in order.
    public let requested: [String]
    /// Events that count here, all together in one event set per thread, in request order.
    public let collected: [String]
    /// Events that cannot be counted, each with the reason (PAPI's error text and code).
    public let unavailable: [UnavailableCounterEvent]
    /// True iff a hardware preset (`PAPI_TOT_CYC` or `PAPI_TOT_INS`) can be counted here;
    /// false on most VMs and CI runners, which expose no PMU.
    public let hardwareCountersAvailable: Bool
    /// One line for humans when something general is missing (no PMU, no PAPI); nil when
    /// the machine has hardware counters and PAPI works.
    public let note: String?
    /// The counting library and its version ("PAPI 7.0.0.0"), nil without one.
    public let backendVersion: String?
    /// The backend the session probed with and its counters will use.
    public let backend: any CounterBackend

    /// Probes `events` with the machine's default backend (`DefaultCounterBackend`): PAPI,
    /// with the kernel's software events counted directly where PAPI cannot count them.
    public convenience init(events: [String]) {
        self.init(events: events, backend: DefaultCounterBackend.shared)
    }

    /// Probes `events` with `backend`: each event alone (open, start, stop), then the
    /// working ones together, keeping each event that still fits with those before it.
    public init(events: [String], backend: any CounterBackend) {
        var seen = Set<String>()
        let requested = events.filter { seen.insert($0).inserted }
        self.requested = requested
        self.backend = backend
        self.backendVersion = backend.versionDescription

        let plan = CounterPlan.make(events: requested, backend: backend)
        self.collected = plan.collected
        self.unavailable = plan.unavailable
        self.hardwareCountersAvailable = plan.hardwareCountersAvailable
        self.note = CounterPlan.note(
            plan, hypervisor: backend.hypervisor, failure: backend.unavailableReason,
            routing: backend.routingNote)
    }

    /// Reason each unavailable event cannot be counted, by event name.
    public var unavailableReasons: [String: String] {
        Dictionary(unavailable.map { ($0.event, $0.reason) }, uniquingKeysWith: { first, _ in first })
    }

    /// A fresh per-thread counter over `collected`, summing from zero.
    public func makeThreadCounters() -> ThreadCounters {
        ThreadCounters(events: collected, backend: backend)
    }
}

/// An event that will not be counted, and why.
public struct UnavailableCounterEvent: Equatable, Sendable, Codable {
    /// The event name as requested.
    public var event: String
    /// PAPI's error text and code, with attnbench's context in front, e.g.
    /// "known to PAPI but cannot be counted on this machine: Event does not exist (PAPI_ENOEVNT, -7)".
    public var reason: String

    /// An unavailable `event` and why.
    public init(event: String, reason: String) {
        self.event = event
        self.reason = reason
    }
}

/// Two backends as one: Linux software events (`perf::TASK-CLOCK`, …) go to `software`,
/// every other event to `primary` (PAPI).
///
/// Used where PAPI itself cannot count the software events — its perf_event component is
/// disabled, or PAPI does not start — so that the run still gets them (see
/// `DefaultCounterBackend`). A counter over both kinds starts and stops both groups and
/// returns the counts in the order the events were asked for.
public final class CombinedBackend: CounterBackend {
    /// Counts everything that is not a software event (PAPI, or a `NullBackend` saying why not).
    public let primary: any CounterBackend
    /// Counts the software events.
    public let software: any CounterBackend
    /// Why the software events do not go through `primary`, for the run record.
    public let reason: String

    /// Routes software events to `software`, the rest to `primary`; `reason` says why.
    public init(primary: any CounterBackend, software: any CounterBackend, reason: String) {
        self.primary = primary
        self.software = software
        self.reason = reason
    }

    /// `primary`'s version and the software path, e.g. "PAPI 7.0.0.0 + perf_event_open (…)".
    public var versionDescription: String? {
        [primary.versionDescription, software.versionDescription].compactMap { $0 }.joined(separator: " + ")
    }

    /// nil as long as either side can count something.
    public var unavailableReason: CounterFailure? {
        guard let softwareFailure = software.unavailableReason, let primaryFailure = primary.unavailableReason else {
            return nil
        }
        return primaryFailure.prefixed("software events fail too (\(softwareFailure.description)); ")
    }

    public var hypervisor: String? { primary.hypervisor ?? software.hypervisor }

    /// How software events are counted here, and why.
    public var routingNote: String? { "software events are counted with perf_event_open because \(reason)" }

    public func openCounter(events: [String]) -> Result<any ThreadEventCounter, CounterFailure> {
        let isSoftware = events.map(PerfSoftwareBackend.handles)
        let softwareEvents = zip(events, isSoftware).filter { $0.1 }.map(\.0)
        let otherEvents = zip(events, isSoftware).filter { !$0.1 }.map(\.0)
        var softwareCounter: (any ThreadEventCounter)?
        if !softwareEvents.isEmpty {
            switch software.openCounter(events: softwareEvents) {
            case .failure(let failure): return .failure(failure)
            case .success(let counter): softwareCounter = counter
            }
        }
        var otherCounter: (any ThreadEventCounter)?
        if !otherEvents.isEmpty {
            switch primary.openCounter(events: otherEvents) {
            case .failure(let failure):
                softwareCounter?.close()
                return .failure(failure)
            case .success(let counter): otherCounter = counter
            }
        }
        return .success(CombinedCounter(isSoftware: isSoftware, software: softwareCounter, other: otherCounter))
    }

    public func threadWillExit() {
        primary.threadWillExit()
        software.threadWillExit()
    }
}

/// The counter `CombinedBackend` opens: two groups, counts merged back into request order.
private final class CombinedCounter: ThreadEventCounter {
    private let isSoftware: [Bool]
    private let software: (any ThreadEventCounter)?
    private let other: (any ThreadEventCounter)?

    init(isSoftware: [Bool], software: (any ThreadEventCounter)?, other: (any ThreadEventCounter)?) {
        self.isSoftware = isSoftware
        self.software = software
        self.other = other
    }

    func start() -> CounterFailure? {
        if let failure = other?.start() { return failure }
        return software?.start()
    }

    func stop() -> Result<[Int64], CounterFailure> {
        // Stop the software clock first: it is what a sample's task clock is compared with.
        let softwareValues = software.map { $0.stop() } ?? .success([])
        let otherValues = other.map { $0.stop() } ?? .success([])
        switch (softwareValues, otherValues) {
        case (.failure(let failure), _), (_, .failure(let failure)):
            return .failure(failure)
        case (.success(let soft), .success(let rest)):
            var merged: [Int64] = []
            merged.reserveCapacity(isSoftware.count)
            var s = soft.makeIterator()
            var r = rest.makeIterator()
            for software in isSoftware { merged.append((software ? s.next() : r.next()) ?? 0) }
            return .success(merged)
        }
    }

    func close() {
        software?.close()
        other?.close()
    }
}

import CPAPI

/// What `attnbench counters` shows: which PAPI events this machine can count, and for
/// each one that it cannot, PAPI's reason.
///
/// Every preset and every native event (base names, without unit masks) is tried: opened,
/// started and stopped on the calling thread. Raw encodings (`perf_raw::`) are only
/// counted, and native probing stops after 1.5 s, so the command stays quick even on CPUs
/// with large event tables (here: ~270 events in ~30 ms).
public struct CounterProbe: Sendable, Codable, Equatable {
    /// One event and whether it counts here.
    public struct Event: Sendable, Codable, Equatable {
        /// The name to put in a suite (`PAPI_TOT_INS`, `perf::TASK-CLOCK`).
        public var name: String
        /// PAPI's description of the event.
        public var description: String
        /// nil when the event counts; otherwise PAPI's error text and code, with context.
        public var reason: String?
        /// Whether the event opened, started and stopped.
        public var works: Bool { reason == nil }
    }

    /// A PAPI component (perf_event, perf_event_uncore, …).
    public struct Component: Sendable, Codable, Equatable {
        /// PAPI's component index.
        public var index: Int
        /// The component's name, e.g. `perf_event`.
        public var name: String
        /// The number of counters PAPI says the component has. On a VM without a PMU the
        /// perf_event component still claims the CPU's count, so this does not prove the
        /// counters can be used: `hardwareCountersAvailable` does.
        public var counterSlots: Int
        /// Why PAPI disabled the component, or nil when it is active.
        public var disabledReason: String?
    }

    /// The PAPI library version ("7.0.0.0"), nil when PAPI cannot be initialised.
    public var papiVersion: String?
    /// Why PAPI cannot be used at all, or nil.
    public var papiFailure: String?
    /// True iff a hardware preset (`PAPI_TOT_CYC` or `PAPI_TOT_INS`) counts here.
    public var hardwareCountersAvailable: Bool
    /// Counters PAPI reports for the CPU component (`PAPI_num_cmp_hwctrs(0)`), see `Component`.
    public var hardwareCounterSlots: Int
    /// The hypervisor when PAPI detected one.
    public var hypervisor: String?
    /// Every compiled-in PAPI component, active or disabled.
    public var components: [Component]
    /// Every PAPI preset, in PAPI's order.
    public var presets: [Event]
    /// Native events of the active components: the kernel's `perf::` events and the CPU's own.
    public var natives: [Event]
    /// Native events not probed one by one, by PMU prefix ("perf_raw": 1), or under
    /// "time limit" when probing ran out of time.
    public var nativesNotProbed: [String: Int]

    /// Probes this machine through PAPI (initialising it if needed). Never fails: without
    /// PAPI the probe says why and lists nothing.
    public static func run() -> CounterProbe {
        var probe = CounterProbe(
            papiVersion: nil, papiFailure: nil, hardwareCountersAvailable: false,
            hardwareCounterSlots: 0, hypervisor: nil, components: [], presets: [],
            natives: [], nativesNotProbed: [:])
        let backend: PAPIBackend
        switch PAPIBackend.shared() {
        case .failure(let failure):
            probe.papiFailure = failure.description
            return probe
        case .success(let shared):
            backend = shared
        }
        probe.papiVersion = PAPIVersion.current
        probe.hypervisor = backend.hypervisor
        probe.hardwareCounterSlots = Int(max(0, PAPI_num_cmp_hwctrs(0)))
        probe.components = PAPICatalog.components()
        probe.presets = PAPICatalog.presets().map { entry in
            Event(name: entry.name, description: entry.description, reason: backend.check([entry.name])?.description)
        }
        let deadline = Clocks.monotonicNanoseconds() + timeBudgetNanoseconds
        for component in probe.components where component.disabledReason == nil {
            for entry in PAPICatalog.natives(component: Int32(component.index)) {
                let pmu = pmuPrefix(entry.name)
                if let pmu, unprobedPMUs.contains(pmu) {
                    probe.nativesNotProbed[pmu, default: 0] += 1
                } else if Clocks.monotonicNanoseconds() > deadline {
                    probe.nativesNotProbed["time limit", default: 0] += 1
                } else {
                    probe.natives.append(
                        Event(
                            name: entry.name, description: entry.description,
                            reason: backend.check([entry.name])?.description))
                }
            }
        }
        probe.natives += softwareEventsOutsidePAPI()
        probe.hardwareCountersAvailable = probe.presets.contains {
            CounterPlan.hardwareProbes.contains($0.name) && $0.works
        }
        return probe
    }

    /// The kernel's software events as `DefaultCounterBackend` counts them when PAPI cannot
    /// (its perf_event component disabled); empty when PAPI lists them itself.
    private static func softwareEventsOutsidePAPI() -> [Event] {
        guard let combined = DefaultCounterBackend.shared as? CombinedBackend else { return [] }
        return PerfSoftwareEvent.listed.map { name in
            Event(
                name: name,
                description: "kernel software event, counted with perf_event_open (PAPI cannot count it here)",
                reason: combined.check([name])?.description)
        }
    }

    /// Events that count here, presets first.
    public var working: [Event] { (presets + natives).filter(\.works) }

    /// The probed event called `name`, if any.
    public func event(named name: String) -> Event? {
        presets.first { $0.name == name } ?? natives.first { $0.name == name }
    }

    /// PMUs whose "events" are raw encodings that need a value, not names to try.
    private static let unprobedPMUs: Set<String> = ["perf_raw"]

    /// Native probing stops after this long (a CPU's own tables can hold hundreds of events).
    private static let timeBudgetNanoseconds: UInt64 = 1_500_000_000

    /// "amd64_fam19h_zen4" for "amd64_fam19h_zen4::RETIRED_INSTRUCTIONS"; nil without a prefix.
    private static func pmuPrefix(_ name: String) -> String? {
        guard let range = name.range(of: "::") else { return nil }
        return String(name[..<range.lowerBound])
    }
}

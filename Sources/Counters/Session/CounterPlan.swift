/// The probing `CounterSession` does, apart from the session so it can be read (and
/// tested with a fake backend) on its own.
struct CounterPlan {
    var collected: [String] = []
    var unavailable: [UnavailableCounterEvent] = []
    var hardwareCountersAvailable = false

    /// Presets that exist on every CPU with a PMU; if neither counts, there is no PMU.
    static let hardwareProbes = ["PAPI_TOT_CYC", "PAPI_TOT_INS"]

    static func make(events: [String], backend: any CounterBackend) -> CounterPlan {
        var plan = CounterPlan()
        if let failure = backend.unavailableReason {
            plan.unavailable = events.map { UnavailableCounterEvent(event: $0, reason: failure.description) }
            return plan
        }
        var alone: [String: CounterFailure?] = [:]
        func checkAlone(_ event: String) -> CounterFailure? {
            if let known = alone[event] { return known }
            let result = backend.check([event])
            alone[event] = result
            return result
        }

        for event in events {
            if let failure = checkAlone(event) {
                plan.unavailable.append(UnavailableCounterEvent(event: event, reason: failure.description))
                continue
            }
            // PAPI runs one event set per thread at a time, so events that cannot share a
            // set (PAPI_ECNFLCT: too few counters) cannot be counted in the same run at all.
            if !plan.collected.isEmpty, let failure = backend.check(plan.collected + [event]) {
                let others = plan.collected.joined(separator: ", ")
                plan.unavailable.append(
                    UnavailableCounterEvent(
                        event: event,
                        reason: "counts alone but not in one event set with \(others) (dropped; request it "
                            + "in a separate run): \(failure.description)"))
                continue
            }
            plan.collected.append(event)
        }
        plan.hardwareCountersAvailable = hardwareProbes.contains { checkAlone($0) == nil }
        return plan
    }

    /// The one line a run record shows when the machine or the library lacks something.
    static func note(
        _ plan: CounterPlan, hypervisor: String?, failure: CounterFailure?,
        routing: String? = nil
    ) -> String? {
        if let failure {
            return "PAPI is not available (\(failure.description)): no PAPI events are counted; "
                + "wall time, CPU time, RSS, page faults and context switches still are"
        }
        guard !plan.hardwareCountersAvailable else { return nil }
        let machine = hypervisor.map { "virtualised by \($0), no PMU" } ?? "no PMU exposed"
        var line = "no hardware performance counters on this machine (\(machine))"
        if !plan.unavailable.isEmpty {
            line += ": " + plan.unavailable.map(\.event).joined(separator: ", ") + " unavailable"
        }
        if plan.collected.isEmpty {
            line += "; only software events (e.g. perf::TASK-CLOCK, perf::PAGE-FAULTS) can be counted"
        } else {
            line += "; software events are collected (" + plan.collected.joined(separator: ", ") + ")"
        }
        if let routing { line += "; " + routing }
        return line
    }
}

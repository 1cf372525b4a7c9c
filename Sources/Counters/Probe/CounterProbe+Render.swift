/// The plain-text page `attnbench counters` prints.
extension CounterProbe {
    /// The probe as text for a terminal. The first line says whether this machine has
    /// hardware performance counters; then what works, then what does not, grouped by
    /// PAPI's reason so a hundred identical failures read as one.
    public func render() -> String {
        var lines = [headline]
        guard papiFailure == nil else {
            lines.append("attnbench still records wall time, CPU time, peak RSS, page faults and context switches.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append(libraryLine)
        lines.append("")
        lines += workingSection(presets, title: "Preset events")
        lines += workingSection(natives, title: "Native events")
        lines += failingSection()
        if !nativesNotProbed.isEmpty {
            let parts = nativesNotProbed.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            lines.append(
                "Native events not probed one by one (\(parts.joined(separator: ", "))); "
                    + "try one with `papi_command_line EVENT`, list them with `papi_native_avail`.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// First line: the one fact most people run the command for; the second says what it means.
    var headline: String {
        if let papiFailure {
            return "Hardware performance counters: unknown — PAPI is not available: \(papiFailure)"
        }
        if hardwareCountersAvailable {
            return "Hardware performance counters: yes (PAPI_TOT_CYC/PAPI_TOT_INS count on this machine)."
        }
        let machine = hypervisor.map { "virtualised by \($0), no PMU exposed" } ?? "no PMU exposed"
        return "Hardware performance counters: NONE on this machine (\(machine)).\n"
            + "PAPI_TOT_INS, PAPI_TOT_CYC, cache and branch events cannot be counted; software events "
            + "(perf::TASK-CLOCK, …) can."
    }

    private var libraryLine: String {
        let active = components.filter { $0.disabledReason == nil }.map { component -> String in
            component.counterSlots > 0
                ? "\(component.name) (claims \(component.counterSlots) counters)" : component.name
        }
        let disabled = components.compactMap { c in c.disabledReason.map { "\(c.name) (\($0))" } }
        var line = "PAPI \(papiVersion ?? "?"). Active components: \(active.joined(separator: ", "))."
        if !disabled.isEmpty { line += " Disabled: \(disabled.joined(separator: "; "))." }
        return line
    }

    private func workingSection(_ events: [Event], title: String) -> [String] {
        let working = events.filter(\.works)
        var lines = ["\(title) that work here: \(working.count) of \(events.count)"]
        let width = min(40, (working.map(\.name.count).max() ?? 0) + 2)
        for event in working {
            var line = "  " + event.name + String(repeating: " ", count: max(1, width - event.name.count))
            var notes: [String] = []
            let bare = event.name.split(separator: ":").last.map(String.init) ?? event.name
            if event.description != bare && !event.description.isEmpty { notes.append(event.description) }
            if PAPIEventNames.needsKernelDomain(event.name) { notes.append("[counted in user+kernel mode]") }
            line += notes.joined(separator: "  ")
            lines.append(line.trimmingTrailingSpaces())
        }
        lines.append("")
        return lines
    }

    private func failingSection() -> [String] {
        let failing = (presets + natives).filter { !$0.works }
        guard !failing.isEmpty else { return [] }
        var byReason: [String: [String]] = [:]
        var order: [String] = []
        for event in failing {
            let reason = event.reason ?? "unknown"
            if byReason[reason] == nil { order.append(reason) }
            byReason[reason, default: []].append(event.name)
        }
        var lines = ["Do not work here: \(failing.count) events, by reason"]
        for reason in order {
            let names = byReason[reason] ?? []
            lines.append("  \(reason) — \(names.count) event\(names.count == 1 ? "" : "s"):")
            lines += Self.wrap(names, indent: "    ", width: 100)
        }
        lines.append("")
        return lines
    }

    /// `words` joined by spaces into lines of at most `width` characters.
    static func wrap(_ words: [String], indent: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = indent
        for word in words {
            if current.count > indent.count && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
            }
            current += (current.count > indent.count ? " " : "") + word
        }
        if current.count > indent.count { lines.append(current) }
        return lines
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

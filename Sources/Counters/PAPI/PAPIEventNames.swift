/// How attnbench turns a requested event name into the name it asks PAPI to count.
///
/// Some perf software events happen only inside the kernel (a context switch is the
/// scheduler running): counted in PAPI's default user domain they always read 0. For
/// those, and only those, the kernel domain is switched on for that one event with the
/// perf qualifiers `:u=1:k=1`, so the other events of the set keep counting user mode
/// only. The kernel domain needs root or a permissive `perf_event_paranoid`; when it is
/// refused the event is reported unavailable with PAPI's reason.
enum PAPIEventNames {
    /// perf software events that only ever fire in kernel mode (all their aliases).
    static let kernelOnly: Set<String> = [
        "CONTEXT-SWITCHES", "CS", "PERF_COUNT_SW_CONTEXT_SWITCHES",
        "CPU-MIGRATIONS", "MIGRATIONS", "PERF_COUNT_SW_CPU_MIGRATIONS",
        "CGROUP-SWITCHES", "PERF_COUNT_SW_CGROUP_SWITCHES"
    ]

    /// Whether `name` is a kernel-only perf event and the user did not pick a domain.
    static func needsKernelDomain(_ name: String) -> Bool {
        var rest = Substring(name)
        if rest.hasPrefix("perf::") {
            rest = rest.dropFirst("perf::".count)
        } else if rest.contains("::") {
            return false
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard let base = parts.first, kernelOnly.contains(base.uppercased()) else { return false }
        let chosenDomain = parts.dropFirst().contains { q in
            q == "u" || q == "k" || q.hasPrefix("u=") || q.hasPrefix("k=")
        }
        return !chosenDomain
    }

    /// The name given to `PAPI_add_named_event` for a requested event.
    static func countingName(for name: String) -> String {
        needsKernelDomain(name) ? name + ":u=1:k=1" : name
    }
}

/// The Linux kernel's software events (`PERF_TYPE_SOFTWARE`), by the names PAPI and libpfm
/// give them (`perf::TASK-CLOCK`, `perf::PAGE-FAULTS`, their aliases and `PERF_COUNT_SW_*`).
///
/// They are counted by the kernel itself, so they work on virtual machines without a PMU.
/// PAPI reaches them through its perf_event component, which libpfm4 disables on CPUs it
/// does not know ("no default PMU found": e.g. Intel model 207 under Debian 12's libpfm
/// 4.13); `PerfSoftwareBackend` then opens them with perf_event_open directly.
struct PerfSoftwareEvent: Equatable {
    /// `PERF_COUNT_SW_*`: part of the kernel's stable ABI (include/uapi/linux/perf_event.h).
    let config: UInt64
    /// Whether the event only ever fires in kernel mode (a context switch is the scheduler
    /// running): counted in user mode it would always read 0.
    let kernelOnly: Bool

    private static let byName: [String: PerfSoftwareEvent] = {
        let table: [(config: UInt64, kernelOnly: Bool, names: [String])] = [
            (0, false, ["CPU-CLOCK", "PERF_COUNT_SW_CPU_CLOCK"]),
            (1, false, ["TASK-CLOCK", "PERF_COUNT_SW_TASK_CLOCK"]),
            (2, false, ["PAGE-FAULTS", "FAULTS", "PERF_COUNT_SW_PAGE_FAULTS"]),
            (3, true, ["CONTEXT-SWITCHES", "CS", "PERF_COUNT_SW_CONTEXT_SWITCHES"]),
            (4, true, ["CPU-MIGRATIONS", "MIGRATIONS", "PERF_COUNT_SW_CPU_MIGRATIONS"]),
            (5, false, ["MINOR-FAULTS", "PERF_COUNT_SW_PAGE_FAULTS_MIN"]),
            (6, false, ["MAJOR-FAULTS", "PERF_COUNT_SW_PAGE_FAULTS_MAJ"]),
            (7, false, ["ALIGNMENT-FAULTS", "PERF_COUNT_SW_ALIGNMENT_FAULTS"]),
            (8, false, ["EMULATION-FAULTS", "PERF_COUNT_SW_EMULATION_FAULTS"])
        ]
        var map: [String: PerfSoftwareEvent] = [:]
        for row in table {
            for name in row.names { map[name] = PerfSoftwareEvent(config: row.config, kernelOnly: row.kernelOnly) }
        }
        return map
    }()

    /// The canonical names, as `attnbench counters` lists them.
    static let listed = [
        "perf::TASK-CLOCK", "perf::CPU-CLOCK", "perf::PAGE-FAULTS", "perf::MINOR-FAULTS",
        "perf::MAJOR-FAULTS", "perf::CONTEXT-SWITCHES", "perf::CPU-MIGRATIONS"
    ]

    /// The software event `name` means (`perf::TASK-CLOCK`, `TASK-CLOCK`, `perf::task-clock`),
    /// or nil when it is not one. Names with qualifiers (`:u=1`) are left to PAPI.
    init?(name: String) {
        var base = Substring(name)
        if base.hasPrefix("perf::") {
            base = base.dropFirst("perf::".count)
        } else if base.contains(":") {
            return nil
        }
        guard let event = Self.byName[base.uppercased()] else { return nil }
        self = event
    }

    private init(config: UInt64, kernelOnly: Bool) {
        self.config = config
        self.kernelOnly = kernelOnly
    }
}

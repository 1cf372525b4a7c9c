import Harness

/// report.md: a readable account of one run — where and how it ran, a table of every
/// case, pivots that answer the usual questions (how much faster than three-pass? what
/// does GQA/MQA buy over MHA? how large is the FP8 error?), counters that could not be
/// collected and why, notes, and the charts written next to the report.
public struct MarkdownRenderer: ReportRenderer {
    public let fileName = "report.md"
    /// Chart files to embed; nil: whatever `RunCharts` produces for the run.
    public var chartFiles: [ChartFile]?
    /// The implementation ratios are taken against (`report --reference`); nil: the
    /// suite's `reference`, else the first implementation that is not attnbench.
    public var reference: String?

    public init(chartFiles: [ChartFile]? = nil, reference: String? = nil) {
        self.chartFiles = chartFiles
        self.reference = reference
    }

    public func render(_ run: RunRecord) throws -> String {
        var sections: [String] = []
        var head = "# attnbench report: \(run.suite.name)\n"
        if let description = run.suite.description, !description.isEmpty { head += "\n\(description)\n" }
        if run.partial {
            head +=
                "\n> **Partial run**: it stopped before the end; only the \(run.cases.count) finished cases are reported.\n"
        }
        if let mixed = Self.mixedBanner(run) { head += mixed }
        sections.append(head)
        if let notRun = Self.notRunSection(run) { sections.append(notRun) }
        sections.append(Self.runSection(run))
        if let shards = Self.shardsSection(run) { sections.append(shards) }
        sections.append(Self.resultsSection(run))
        if let invocations = Self.invocationsSection(run) { sections.append(invocations) }
        if let implementations = Self.implementationsSection(run, reference: reference) {
            sections.append(implementations)
        }
        sections.append(contentsOf: Self.speedupSections(run))
        if let gqa = Self.headLayoutSection(run) { sections.append(gqa) }
        if let fp8 = Self.fp8Section(run) { sections.append(fp8) }
        sections.append(Self.countersSection(run))
        if let simulation = Self.simulationSection(run) { sections.append(simulation) }
        let charts = chartFiles ?? RunCharts.charts(for: run, reference: reference)
        if !charts.isEmpty {
            sections.append("## Charts\n\n" + charts.map { "![\($0.title)](\($0.name))\n" }.joined(separator: "\n"))
        }
        if !run.notes.isEmpty {
            sections.append(
                "## Notes\n\n" + run.notes.map { "- \($0.replacingOccurrences(of: "\n", with: " "))\n" }.joined())
        }
        return sections.joined(separator: "\n")
    }

    /// Where, when and with what the run was made.
    static func runSection(_ run: RunRecord) -> String {
        let env = run.environment
        var table = MarkdownTable(header: ["", ""])
        table.add([
            "Suite",
            "\(run.suite.name) (\(MarkdownText.code(run.suite.file)), sha256 \(MarkdownText.code(String(run.suite.sha256.prefix(12)))))"
        ])
        table.add(["Host", env.host])
        table.add(["CPU", "\(env.cpuModel), \(env.logicalCores) logical cores"])
        let caches = env.caches.sorted { $0.key < $1.key }.map { "\($0.key) \(HumanFormat.binaryBytes($0.value))" }
        table.add(["Caches", caches.isEmpty ? "unknown" : caches.joined(separator: ", ")])
        table.add(["Governor", env.governor ?? "unknown"])
        table.add(["Kernel", env.kernel])
        table.add(["Swift", env.swiftVersion])
        table.add(["Build", "\(env.buildConfiguration), target CPU \(env.targetCPU)"])
        table.add(["PAPI", env.papiVersion ?? "not available"])
        if let sim = run.simulation { table.add(["Simulation", Self.simulationSummary(sim)]) }
        table.add(["Git commit", env.gitCommit.map(MarkdownText.code) ?? "unknown"])
        if let p = env.hostProfile {
            table.add([
                "Measured peaks",
                "\(HumanFormat.number(p.peakFlops / 1e9)) GFLOP/s FMA, "
                    + "\(HumanFormat.number(p.bandwidthBytesPerSecond / 1e9)) GB/s triad (one core, \(p.measuredAt))"
            ])
        } else {
            table.add([
                "Measured peaks", "not recorded (a debug build without a cached measurement, or an older record)"
            ])
        }
        if let s = run.scheduler {
            let ids = s.variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            table.add([
                "Scheduler",
                s.name + (ids.isEmpty ? "" : ": \(ids)") + (s.shardSource.map { "; shard from \($0)" } ?? "")
            ])
        }
        table.add(["Tool", "\(run.tool.name) \(run.tool.version), run.json schema \(run.schemaVersion)"])
        table.add(["Started", run.startedAt])
        table.add(["Finished", run.finishedAt ?? "not finished"])
        table.add(["Status", run.partial ? "**partial** (interrupted; finished cases only)" : "complete"])
        table.add([
            "Harness overhead",
            "\(HumanFormat.duration(ns: run.harnessOverheadNs)) per sample (timer and counter reads)"
        ])
        var options: [String] = []
        if let f = run.options.filter { options.append("filter \(MarkdownText.code(f))") }
        if let s = run.options.shard { options.append("shard \(s)") }
        if run.options.quick { options.append("quick") }
        if run.options.interleave { options.append("interleaved") }
        if let seed = run.options.seed { options.append("seed \(seed)") }
        if let n = run.options.invocations, n > 1 { options.append("\(n) invocations") }
        table.add(["Options", options.isEmpty ? "defaults" : options.joined(separator: ", ")])
        for p in run.providers ?? [] {
            let what = [
                p.reportedName.map { $0 == p.name ? nil : "reports itself as \($0)" } ?? nil,
                p.version.map { "version \($0)" }
            ].compactMap { $0 }.joined(separator: ", ")
            table.add([
                "Provider \(p.name)",
                MarkdownText.code(p.command.joined(separator: " "))
                    + (what.isEmpty ? "" : ", \(what)") + (p.failure == nil ? "" : ", **failed**")
            ])
        }
        return "## Run\n\n" + table.render()
    }

    /// Counters requested, collected, and those unavailable with the reason.
    static func countersSection(_ run: RunRecord) -> String {
        let c = run.counters
        var text = "## Counters\n\n"
        text += "Always collected: wall time, CPU time, peak RSS, page faults, context switches.\n"
        text +=
            "Requested: \(c.requested.isEmpty ? "none" : c.requested.map(MarkdownText.code).joined(separator: ", ")). "
        text +=
            "Collected: \(c.collected.isEmpty ? "none" : c.collected.map(MarkdownText.code).joined(separator: ", ")).\n"
        if !c.hardwareCounters {
            text += "\nThis machine exposes no hardware performance counters (typical of VMs and CI runners).\n"
        }
        if let note = c.note { text += "\n\(note)\n" }
        if !c.unavailable.isEmpty {
            var table = MarkdownTable(header: ["Unavailable counter", "Reason"])
            for u in c.unavailable { table.add([MarkdownText.code(u.event), u.reason]) }
            text += "\nThese counters are left empty in results.csv (never 0):\n\n" + table.render()
        }
        return text
    }
}

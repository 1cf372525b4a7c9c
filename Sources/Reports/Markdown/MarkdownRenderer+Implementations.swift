import Harness

extension MarkdownRenderer {
    /// Skipped and failed cases with their reasons, for the top of the report.
    static func notRunSection(_ run: RunRecord) -> String? {
        let notRun = run.cases.filter { $0.status != .ok }
        guard !notRun.isEmpty else { return nil }
        let failed = notRun.filter { $0.status == .failed }.count
        var table = MarkdownTable(header: ["case", "implementation", "status", "reason"])
        for c in notRun {
            table.add([
                MarkdownText.code(c.id), c.parameters.implementation, c.status.rawValue,
                c.reason ?? "see the notes"
            ])
        }
        var text = "## Skipped and failed cases\n\n"
        text += "\(notRun.count - failed) skipped (the implementation cannot do the case), \(failed) failed "
        text +=
            "(it could not run, or its implementation broke down; `attnbench run` exits 1 when any case failed).\n\n"
        return text + table.render()
    }

    /// Each implementation's time and GFLOP/s per shape, with its speed relative to the
    /// reference implementation.
    static func implementationsSection(_ run: RunRecord, reference: String?) -> String? {
        guard let cmp = ImplementationComparison(run, reference: reference) else { return nil }
        let labels = cmp.dimensions.map(\.name)
        var header = labels
        for v in cmp.variants {
            header += ["\(v) time", "\(v) GFLOP/s"]
            if v != cmp.reference { header.append("\(v) vs \(cmp.reference)") }
        }
        var table = MarkdownTable(header: header, rightAligned: Set(header.indices))
        for row in cmp.rows {
            var cells = row.values
            for v in cmp.variants {
                let c = row.cases[v]
                cells.append(MarkdownText.timeWithCI(c?.statistics["wall_ns"]))
                cells.append(MarkdownText.optional(c?.derived.gflops, HumanFormat.number))
                if v != cmp.reference {
                    cells.append(cmp.speedup(row, v).map { "**\(HumanFormat.factor($0))**" } ?? "–")
                }
            }
            table.add(cells)
        }
        var text = "## Implementations\n\n"
        text +=
            "Median time per call (±95% CI half-width) and GFLOP/s (nominal FLOPs: 4·B·Hq·Lq·Lkv·D, half when causal) "
        text += "of each implementation on the same inputs, with its speed relative to **\(cmp.reference)** "
        text += "(its median time divided by the implementation's: above 1×, faster than \(cmp.reference)). "
        text +=
            "Choose another reference with the suite's `reference:` key or `attnbench report RUN --reference NAME`.\n"
        if let problem = cmp.referenceProblem { text += "\n> Note: \(problem).\n" }
        if let providers = run.providers, !providers.isEmpty {
            text +=
                "\n"
                + providers.map { p in
                    "- `\(p.name)`: " + (p.description ?? p.reportedName ?? p.command.joined(separator: " "))
                        + (p.failure.map { " — **failed**: \($0)" } ?? "")
                }.joined(separator: "\n") + "\n"
        }
        return text + "\n" + table.render()
    }
}

/// GitHub-flavoured Markdown for a comparison, suitable for `$GITHUB_STEP_SUMMARY` and PR
/// comments: the one-line summary first, then warnings, then the table with what needs
/// attention on top, then the chart.
public struct ComparisonMarkdownRenderer: ComparisonRenderer {
    public let fileName = "comparison.md"
    /// Embed `comparison.svg` (written next to the Markdown by `ComparisonWriter`). Turn
    /// off when the Markdown goes somewhere the SVG will not be (stdout, a PR comment).
    public var includeChart: Bool

    public init(includeChart: Bool = true) {
        self.includeChart = includeChart
    }

    public func render(_ comparison: Comparison) throws -> String {
        var out = comparison.summaryLine + "\n\n"
        out += "Base: \(describe(comparison.base)). Current: \(describe(comparison.current)).\n"
        if !comparison.warnings.isEmpty {
            out += "\n**Warnings**\n\n"
            for w in comparison.warnings {
                let blocking = comparison.strict && w.isEnvironmentMismatch
                out += "- \(blocking ? "❌ (strict)" : "⚠️") \(w.message)\n"
            }
        }
        out += "\n" + table(comparison).render()
        out += functionChangesSection(comparison)
        out += "\n" + Self.method(comparison) + "\n"
        if includeChart, comparison.cases.contains(where: { $0.timing != nil }) {
            out += "\n![Change of median time per case](\(ComparisonChart.fileName))\n"
        }
        return out
    }

    /// How the numbers of the table were computed, for the statistics actually used.
    static func method(_ comparison: Comparison) -> String {
        let bases = Set(comparison.cases.compactMap(\.timing?.basis))
        let level = HumanFormat.plainPercent(comparison.confidenceLevel)
        var lines: [String] = []
        if bases.contains(.rounds) {
            lines.append(
                "Paired `ab` rounds: change is the geometric mean over rounds of current/base (each side's median "
                    + "in that round) − 1; CI: \(level) bootstrap over rounds; p: sign-flip permutation test on the per-round log ratios."
            )
        }
        if bases.contains(.invocations) {
            lines.append(
                "Invocations: base and current are medians of per-invocation medians; CI: \(level) two-level "
                    + "bootstrap (invocations, then samples) of their ratio; p: Mann-Whitney U on the invocation medians."
            )
        }
        if bases.contains(.samples) || bases.contains(.summaries) {
            lines.append(
                "Samples: change is current median / base median − 1; CI: \(level) bootstrap interval of that ratio "
                    + "(from stored intervals when a side has no samples); p: two-sided Mann-Whitney U on the samples.")
        }
        lines.append(
            "A case is slower or faster only when the change exceeds \(HumanFormat.plainPercent(comparison.threshold)) "
                + "and is significant (p < \(HumanFormat.number(comparison.alpha)), CI excludes 0).")
        return lines.joined(separator: " ")
    }

    /// Most cases whose differential profile is shown.
    static let profiledCases = 10

    /// For cases whose simulated instruction count changed: the functions that changed most.
    private func functionChangesSection(_ comparison: Comparison) -> String {
        let changed = comparison.casesByAttention.filter { !($0.functionChanges ?? []).isEmpty }
        guard !changed.isEmpty else { return "" }
        var out = "\n**Where the instructions changed** (simulated `sim::Ir` per function, its own instructions only"
        out += changed.count > Self.profiledCases ? "; first \(Self.profiledCases) of \(changed.count) cases)\n" : ")\n"
        for c in changed.prefix(Self.profiledCases) {
            out += "\n`\(c.id)`\n\n"
            var table = MarkdownTable(
                header: ["function", "object", "base", "current", "change"], rightAligned: [2, 3, 4])
            for f in c.functionChanges ?? [] {
                let relative =
                    f.baseIr > 0 ? " (\(HumanFormat.percent(Double(f.change) / Double(f.baseIr))))" : " (new)"
                table.add([
                    MarkdownText.code(f.name), f.object, String(f.baseIr), String(f.currentIr),
                    (f.change > 0 ? "+" : "") + String(f.change) + relative
                ])
            }
            out += table.render()
        }
        return out
    }

    private func describe(_ run: Comparison.RunIdentity) -> String {
        var text = "`\(run.suite)` on `\(run.host)` at \(run.startedAt)"
        if let commit = run.gitCommit { text += ", commit `\(commit.prefix(12))`" }
        if run.invocations > 1 { text += ", \(run.invocations) invocations" }
        if !run.hasSamples { text += " (statistics only)" }
        if run.partial { text += " (partial)" }
        return text
    }

    private func table(_ comparison: Comparison) -> MarkdownTable {
        var table = MarkdownTable(
            header: ["", "case", "verdict", "base", "current", "change", "CI of change", "p", "checks"],
            rightAligned: [3, 4, 5, 6, 7])
        for c in comparison.casesByAttention {
            let icon: String
            if c.fails(timingGated: comparison.timingGated) {
                icon = "❌"
            } else if c.verdict == .slower {
                icon = "⚠️"
            } else if c.verdict == .faster {
                icon = "🚀"
            } else if c.verdict == .inconclusive {
                icon = "❔"
            } else {
                icon = ""
            }
            var cells = [icon, "`\(c.id)`", c.verdict.rawValue]
            if let t = c.timing {
                cells += [
                    HumanFormat.duration(ns: t.baseMedianNs), HumanFormat.duration(ns: t.currentMedianNs),
                    HumanFormat.percent(t.relativeChange),
                    "\(HumanFormat.percent(t.ratioLow - 1)) … \(HumanFormat.percent(t.ratioHigh - 1))",
                    t.pValue.map(HumanFormat.pValue) ?? "–"
                ]
            } else {
                cells += ["–", "–", "–", "–", "–"]
            }
            var notes = c.failedChecks.map { "❌ \($0.message)" }
            if let note = c.note { notes.append(note) }
            let passed = c.checks.filter { $0.outcome == .passed }.count
            if notes.isEmpty && passed > 0 { notes.append("\(passed) passed") }
            cells.append(notes.joined(separator: "; "))
            table.add(cells)
        }
        return table
    }
}

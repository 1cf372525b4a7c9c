import Harness

extension MarkdownRenderer {
    /// For a multi-invocation run: per case, the spread of wall time between process
    /// invocations next to the spread within one, so a reader sees which noise dominates on
    /// this machine (and whether more samples per process or more processes would help).
    /// Nil for a run of one invocation.
    static func invocationsSection(_ run: RunRecord) -> String? {
        let summaries = run.cases.compactMap { record -> (String, Summary)? in
            guard let s = record.statistics["wall_ns"], s.invocations != nil else { return nil }
            return (record.id, s)
        }
        guard !summaries.isEmpty else { return nil }
        var table = MarkdownTable(
            header: [
                "case", "invocations", "median of invocation medians", "between invocations",
                "within an invocation", "dominant"
            ],
            rightAligned: [1, 2, 3, 4])
        var betweenDominates = 0
        for (id, s) in summaries {
            let between = s.betweenInvocationSpread ?? 0, within = s.withinInvocationSpread ?? 0
            if between > within { betweenDominates += 1 }
            table.add([
                MarkdownText.code(id), "\(s.invocations ?? 1)", MarkdownText.timeWithCI(s),
                HumanFormat.plainPercent(between), HumanFormat.plainPercent(within),
                between > within ? "between" : "within"
            ])
        }
        let complete = run.invocations?.filter(\.complete).count
        var text = "## Invocations\n\n"
        if let all = run.invocations {
            text += "\(all.count) process invocation\(all.count == 1 ? "" : "s")"
            text += complete == all.count ? ", all complete" : " (\(complete ?? 0) complete)"
            text += "; each took the cases in its own seeded order. "
        }
        text += "Spread: 1.4826·MAD/median (reads like a coefficient of variation), of the per-invocation medians "
        text += "(between) and of the samples within each invocation (within, the median over invocations). "
        text += "The spread between invocations dominates in \(betweenDominates) of \(summaries.count) cases"
        text +=
            betweenDominates * 2 > summaries.count
            ? ": on this machine more invocations, not more samples per invocation, narrow the interval.\n\n"
            : ".\n\n"
        return text + table.render()
    }
}

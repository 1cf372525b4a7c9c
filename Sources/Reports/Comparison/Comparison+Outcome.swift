extension Comparison {
    /// Cases slower beyond the threshold and significantly so.
    public var slowerCases: [CaseComparison] { cases.filter { $0.verdict == .slower } }

    /// Slower cases whose verdict may gate (`CaseComparison.gatesOnTiming`).
    public var gatingSlowerCases: [CaseComparison] { slowerCases.filter(\.gatesOnTiming) }

    /// Cases with at least one failed deterministic check.
    public var casesWithFailedChecks: [CaseComparison] { cases.filter { !$0.failedChecks.isEmpty } }

    /// Environment warnings that fail the comparison because `strict` is on.
    public var blockingWarnings: [ComparisonWarning] {
        strict ? warnings.filter(\.isEnvironmentMismatch) : []
    }

    /// How many cases got `verdict`.
    public func count(_ verdict: Verdict) -> Int { cases.filter { $0.verdict == verdict }.count }

    /// True when the comparison fails: a gated timing regression, a failed deterministic
    /// check, or (with `strict`) runs that differ in environment.
    public var failed: Bool {
        !blockingWarnings.isEmpty || cases.contains { $0.fails(timingGated: timingGated) }
    }

    /// The process exit status for `attnbench compare`: 1 when `failed`, else 0.
    public var exitStatus: Int32 { failed ? 1 : 0 }

    /// The one-line summary that heads every rendering, e.g.
    /// `❌ 2 regressions, 1 faster, 30 unchanged (alpha 0.05, threshold 10%)`.
    public var summaryLine: String {
        var parts: [String] = []
        let slower = count(.slower)
        if timingGated {
            let gating = gatingSlowerCases.count
            parts.append(gating == 0 ? "no regressions" : "\(gating) regression\(gating == 1 ? "" : "s")")
            if slower > gating { parts.append("\(slower - gating) slower (single invocation, not gated)") }
        } else if slower > 0 {
            parts.append("\(slower) slower (not gated)")
        }
        let failedChecks = casesWithFailedChecks.count
        if failedChecks > 0 {
            parts.append("\(failedChecks) case\(failedChecks == 1 ? "" : "s") failing deterministic checks")
        }
        if !timingGated && slower == 0 && failedChecks == 0 { parts.append("no failed checks") }
        for verdict in [Verdict.faster, .unchanged, .inconclusive, .new, .missing] {
            let n = count(verdict)
            if n > 0 || verdict == .faster || verdict == .unchanged { parts.append("\(n) \(verdict.rawValue)") }
        }
        var settings = "alpha \(HumanFormat.number(alpha)), threshold \(HumanFormat.plainPercent(threshold))"
        if !timingGated { settings += ", timing not gated" }
        var line = "\(failed ? "❌" : "✅") \(parts.joined(separator: ", ")) (\(settings))"
        let blocking = blockingWarnings
        if !blocking.isEmpty {
            line +=
                "; strict: runs differ in "
                + blocking.map(\.kind).map { $0.replacingOccurrences(of: "_differs", with: "") }
                .map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", ")
        }
        return line
    }
}

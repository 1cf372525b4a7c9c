import Harness

extension Comparison {
    /// Everything about the two runs that may make the comparison misleading.
    static func warnings(
        base: RunRecord, current: RunRecord, cases: [CaseComparison], checks: [String: CheckSpec],
        requested: Set<String>, options: ComparisonOptions
    ) -> [ComparisonWarning] {
        var out: [ComparisonWarning] = []
        let b = base.environment, c = current.environment
        if b.host != c.host { out.append(.hostDiffers(base: b.host, current: c.host)) }
        if b.cpuModel != c.cpuModel { out.append(.cpuDiffers(base: b.cpuModel, current: c.cpuModel)) }
        if b.buildConfiguration != c.buildConfiguration {
            out.append(.buildConfigurationDiffers(base: b.buildConfiguration, current: c.buildConfiguration))
        }
        if b.targetCPU != c.targetCPU { out.append(.targetCPUDiffers(base: b.targetCPU, current: c.targetCPU)) }
        if base.suite.name != current.suite.name {
            out.append(.suiteDiffers(base: base.suite.name, current: current.suite.name))
        }
        if base.suite.sha256 != current.suite.sha256 {
            out.append(.suiteHashDiffers(base: base.suite.sha256, current: current.suite.sha256))
        }
        if base.tool.version != current.tool.version {
            out.append(.toolVersionDiffers(base: base.tool.version, current: current.tool.version))
        }
        if base.partial { out.append(.partialRun(run: "base")) }
        if current.partial { out.append(.partialRun(run: "current")) }
        for (name, run) in [("base", base), ("current", current)] {
            if let mixed = run.mixed, !mixed.isEmpty { out.append(.mixedRun(run: name, differences: mixed)) }
        }
        let timings = cases.compactMap(\.timing)
        let fromSummaries = timings.filter { $0.basis == .summaries }.count
        if fromSummaries > 0 { out.append(.timingFromSummaries(cases: fromSummaries)) }
        // The exact distribution behind the smallest p-value costs n1·n2·min(n1, n2) steps;
        // compute it once per pair of sample counts, not once per case.
        var smallest: [Int: Double] = [:]
        let underpowered = timings.filter { t in
            guard t.basis == .samples else { return false }
            let key = t.baseCount &* 1_000_003 &+ t.currentCount
            let p = smallest[key] ?? TimingComparison.smallestPossiblePValue(t.baseCount, t.currentCount)
            smallest[key] = p
            return p >= options.alpha
        }.count
        if underpowered > 0 { out.append(.tooFewSamples(cases: underpowered, alpha: options.alpha)) }
        let withinProcess = timings.filter { !$0.measuresBetweenProcessNoise }.count
        if withinProcess > 0 { out.append(.fewInvocations(cases: withinProcess, gated: options.strict)) }
        let fewInvocations = timings.filter { $0.basis == .invocations && $0.smallestPossiblePValue >= options.alpha }
            .count
        if fewInvocations > 0 { out.append(.tooFewInvocations(cases: fewInvocations, alpha: options.alpha)) }
        let rounds = timings.filter { $0.basis == .rounds && $0.smallestPossiblePValue >= options.alpha }
        if let fewest = rounds.map(\.baseInvocations).min() {
            out.append(.tooFewRounds(rounds: fewest, alpha: options.alpha))
        }
        if !options.timingGates { out.append(.timingNotGated) }
        out += SimulatedChecks.warnings(base: base, current: current)
        for name in checks.keys.sorted() where !DeterministicChecks.isKnown(name, requested: requested) {
            out.append(.unknownCheck(name: name))
        }
        return out
    }
}

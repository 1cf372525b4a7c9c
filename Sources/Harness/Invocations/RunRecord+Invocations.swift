/// One record from the records of a run's invocations.
extension RunRecord {
    /// The record of a multi-invocation run (or of one side of `ab`).
    ///
    /// - The header (tool, suite, environment, counters, options) is the first invocation's,
    ///   or `fallback`'s when no invocation left a record (nil when there is neither); `options.invocations` is
    ///   `requested` and `options.case_order_seed` is dropped (each invocation has its own,
    ///   in `invocations[]`).
    /// - Cases come in `caseOrder` (the suite's), then any other in order of appearance.
    ///   Every sample carries its invocation's index; statistics are hierarchical
    ///   (`Summary(invocations:)`); traffic, accuracy and resources are the first
    ///   invocation's, and a note names any case whose deterministic results differ between
    ///   invocations. A case is `failed` only when it failed in every invocation.
    /// - Notes of the invocations are kept once each, prefixed with the invocation.
    /// - `partial` is `interrupted`, or fewer invocations than requested, or any incomplete.
    /// - `bootstrap` sets the resamples of the summaries' intervals (tests use fewer).
    public static func combining(
        _ invocations: [FinishedInvocation], requested: Int, caseOrder: [String],
        fallback: RunRecord?, startedAt: String, finishedAt: String?,
        interrupted: Bool, bootstrap: Bootstrap = Bootstrap()
    ) -> RunRecord? {
        guard var combined = invocations.first?.record ?? fallback else { return nil }
        combined.schemaVersion = currentSchemaVersion
        combined.startedAt = startedAt
        combined.finishedAt = finishedAt
        combined.options.invocations = requested
        combined.options.caseOrderSeed = nil
        combined.invocations = invocations.map(\.info)
        combined.partial = interrupted || invocations.count < requested || invocations.contains { !$0.info.complete }
        let overheads = invocations.map(\.record.harnessOverheadNs)
        if !overheads.isEmpty { combined.harnessOverheadNs = Quantile.median(overheads) }

        var notes: [String] = [], seen = Set<String>()
        for invocation in invocations {
            for note in invocation.record.notes where seen.insert(note).inserted {
                notes.append("invocation \(invocation.info.index + 1): \(note)")
            }
        }
        var parts: [String: [(invocation: Int, record: CaseRecord)]] = [:]
        var order = caseOrder
        var known = Set(caseOrder)
        for invocation in invocations {
            for c in invocation.record.cases {
                parts[c.id, default: []].append((invocation.info.index, c))
                if known.insert(c.id).inserted { order.append(c.id) }
            }
        }
        combined.cases = order.compactMap { id in
            parts[id].map { combineCase($0, bootstrap: bootstrap, notes: &notes) }
        }
        combined.notes = notes
        return combined
    }

    /// One case from its records in several invocations.
    static func combineCase(
        _ parts: [(invocation: Int, record: CaseRecord)], bootstrap: Bootstrap,
        notes: inout [String]
    ) -> CaseRecord {
        let ok = parts.filter { $0.record.status == .ok }
        guard let first = ok.first?.record else { return parts[0].record }
        var combined = first
        combined.samples = ok.flatMap { part in
            part.record.samples.map { sample in
                var s = sample
                s.invocation = part.invocation
                return s
            }
        }
        for part in ok.dropFirst()
        where part.record.traffic != first.traffic || part.record.accuracy != first.accuracy {
            notes.append(
                "case \(first.id): modeled traffic or accuracy differs between invocations \(ok[0].invocation + 1) "
                    + "and \(part.invocation + 1); the first one's values are kept")
            break
        }
        var statistics: [String: Summary] = [:]
        for name in first.statistics.keys {
            let value: (Sample) -> Double? =
                switch name {
                case "wall_ns": { Double($0.wallNs) }
                case "cpu_ns": { Double($0.cpuNs) }
                default: { $0.counters[name].map(Double.init) }
                }
            let groups = ok.map { $0.record.samples.compactMap(value) }
            statistics[name] = Summary(invocations: groups, bootstrap: bootstrap) ?? first.statistics[name]
        }
        combined.statistics = statistics
        combined.derived = DerivedMetrics(
            statistics: statistics, traffic: first.traffic, flops: first.flops,
            simulation: first.simulation)
        return combined
    }
}

/// A case's samples by the process invocation that took them (`Sample.invocation`).
extension CaseRecord {
    /// The invocation indices that contributed samples, ascending; `[0]` for samples of a
    /// single-invocation run (no `invocation` field), empty without samples.
    public var invocationIndices: [Int] {
        Array(Set(samples.map { $0.invocation ?? 0 })).sorted()
    }

    /// How many process invocations the case's timing comes from: the distinct invocations
    /// of its samples, or, when samples were stripped (baselines), the `invocations` of the
    /// stored wall-time summary (absent: 1).
    public var invocationCount: Int {
        samples.isEmpty ? (statistics["wall_ns"]?.invocations ?? 1) : invocationIndices.count
    }

    /// The values `metric` gives for each sample, grouped by invocation in ascending order
    /// of the index; samples for which `metric` is nil are left out.
    public func valuesByInvocation(_ metric: (Sample) -> Double?) -> [(invocation: Int, values: [Double])] {
        var groups: [Int: [Double]] = [:]
        for sample in samples {
            if let value = metric(sample) { groups[sample.invocation ?? 0, default: []].append(value) }
        }
        return groups.keys.sorted().map { ($0, groups[$0] ?? []) }
    }

    /// Wall time per call, grouped by invocation.
    public var wallNsByInvocation: [(invocation: Int, values: [Double])] {
        valuesByInvocation { Double($0.wallNs) }
    }
}

/// What a decoded run record must also satisfy for `report`, `compare` and `merge` to
/// trust it, beyond what its types say: case ids unique, times and counts finite and not
/// negative, statistics consistent with the samples they summarize. A record written by
/// attnbench always satisfies these; a hand-edited or corrupted one is refused with the
/// JSON path of the first bad field instead of being compared silently.
extension RunRecord {
    /// One violated rule: where (a JSON path such as `cases[2].samples[0].wall_ns`) and what.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public var problem: String
        public var description: String { "\(path): \(problem)" }
    }

    /// Every violated rule, in record order.
    public func validationProblems() -> [Problem] {
        var found: [Problem] = []
        func add(_ path: String, _ problem: String) { found.append(Problem(path: path, problem: problem)) }
        func nonNegative(_ path: String, _ value: Double) {
            if !value.isFinite {
                add(path, "\(value) is not a finite number")
            } else if value < 0 {
                add(path, "\(value) is negative")
            }
        }
        func nonNegative(_ path: String, _ value: Int) {
            if value < 0 { add(path, "\(value) is negative") }
        }
        func notNegative(_ path: String, _ value: Double?) {
            // NaN and infinities are allowed where the format allows them ("nan", "inf").
            if let value, value < 0, value.isFinite { add(path, "\(value) is negative") }
        }

        nonNegative("harness_overhead_ns", harnessOverheadNs)
        nonNegative("environment.logical_cores", environment.logicalCores)
        for (level, bytes) in environment.caches.sorted(by: { $0.key < $1.key }) {
            nonNegative("environment.caches.\(level)", bytes)
        }
        for (name, check) in suite.checks.sorted(by: { $0.key < $1.key }) {
            let at = "suite.checks.\(name)"
            if let r = check.maxRegression { nonNegative("\(at).max_regression", r) }
            if let t = check.tolerance { nonNegative("\(at).tolerance", t) }
            if let m = check.max, !m.isFinite { add("\(at).max", "\(m) is not a finite number") }
        }

        var firstIndex: [String: Int] = [:]
        firstIndex.reserveCapacity(cases.count)
        for (i, c) in cases.enumerated() {
            let at = "cases[\(i)]"
            if c.id.isEmpty { add("\(at).id", "is empty") }
            if let j = firstIndex[c.id] {
                add("\(at).id", "\"\(c.id)\" is also the id of cases[\(j)] (case ids must be unique)")
            } else {
                firstIndex[c.id] = i
            }
            c.validate(at: at, add: add, nonNegative: nonNegative, nonNegative: nonNegative, notNegative: notNegative)
        }
        return found
    }

    /// Throws `RunRecordError.invalid` naming `path` and the first problems.
    func validate(path: String) throws(RunRecordError) {
        let problems = validationProblems()
        guard let first = problems.first else { return }
        let more = problems.count > 1 ? " (and \(problems.count - 1) more problem\(problems.count > 2 ? "s" : ""))" : ""
        throw RunRecordError.invalid(path: path, reason: "\(first)\(more)")
    }
}

extension CaseRecord {
    fileprivate func validate(
        at: String, add: (String, String) -> Void, nonNegative: (String, Double) -> Void,
        nonNegative nonNegativeInt: (String, Int) -> Void, notNegative: (String, Double?) -> Void
    ) {
        let p = parameters
        for (key, value) in [
            ("batch", p.batch), ("heads", p.heads), ("kv_heads", p.kvHeads), ("seq_len", p.seqLen),
            ("kv_len", p.kvLen), ("head_dim", p.headDim), ("threads", p.threads)
        ] where value < 1 {
            add("\(at).parameters.\(key)", "\(value) must be at least 1")
        }
        if let sram = p.sramBytes, sram < 1 { add("\(at).parameters.sram_bytes", "\(sram) must be at least 1") }

        for (k, s) in samples.enumerated() {
            let sat = "\(at).samples[\(k)]"
            if s.wallNs < 0 { add("\(sat).wall_ns", "\(s.wallNs) is negative") }
            if s.cpuNs < 0 { add("\(sat).cpu_ns", "\(s.cpuNs) is negative") }
            if let calls = s.calls, calls < 1 { add("\(sat).calls", "\(calls) must be at least 1") }
            if let invocation = s.invocation, invocation < 0 { add("\(sat).invocation", "\(invocation) is negative") }
            for (name, value) in s.counters where value < 0 { add("\(sat).counters.\(name)", "\(value) is negative") }
        }

        for (metric, summary) in statistics.sorted(by: { $0.key < $1.key }) {
            let sat = "\(at).statistics.\(metric)"
            summary.validate(at: sat, add: add, nonNegative: nonNegative)
            // Statistics summarize the samples when they are kept (baselines drop them).
            if !samples.isEmpty, metric == "wall_ns" || metric == "cpu_ns" {
                if summary.count != samples.count {
                    add("\(sat).count", "\(summary.count) but the case has \(samples.count) samples")
                } else {
                    let values = samples.map { Double(metric == "wall_ns" ? $0.wallNs : $0.cpuNs) }
                    if let lo = values.min(), let hi = values.max(), summary.min != lo || summary.max != hi {
                        add(
                            "\(sat)",
                            "min \(summary.min) and max \(summary.max) are not those of the samples (\(lo), \(hi))")
                    }
                }
            }
        }

        if let t = traffic {
            for (key, value) in [
                ("hbm_read_bytes", t.hbmReadBytes), ("hbm_write_bytes", t.hbmWriteBytes),
                ("sram_peak_bytes", t.sramPeakBytes), ("flops", t.flops), ("executed_flops", t.executedFlops),
                ("kv_cache_bytes", t.kvCacheBytes)
            ] {
                nonNegativeInt("\(at).traffic.\(key)", value)
            }
            for (name, bytes) in t.readsByOperand where bytes < 0 {
                add("\(at).traffic.reads_by_operand.\(name)", "\(bytes) is negative")
            }
            for (name, bytes) in t.writesByOperand where bytes < 0 {
                add("\(at).traffic.writes_by_operand.\(name)", "\(bytes) is negative")
            }
        }
        if let a = accuracy {
            notNegative("\(at).accuracy.max_abs_error", a.maxAbsError)
            notNegative("\(at).accuracy.rmse", a.rmse)
            notNegative("\(at).accuracy.relative_frobenius", a.relativeFrobenius)
        }
        let d = derived
        notNegative("\(at).derived.gflops", d.gflops)
        notNegative("\(at).derived.modeled_gb_s", d.modeledGBs)
        notNegative("\(at).derived.arithmetic_intensity", d.arithmeticIntensity)
        notNegative("\(at).derived.ipc", d.ipc)
        notNegative("\(at).derived.l1_miss_rate", d.l1MissRate)
        notNegative("\(at).derived.l2_miss_rate", d.l2MissRate)
        if let r = resources {
            for (key, value) in [
                ("peak_rss_bytes", r.peakRSSBytes), ("page_faults", r.pageFaults),
                ("voluntary_context_switches", r.voluntaryContextSwitches),
                ("involuntary_context_switches", r.involuntaryContextSwitches)
            ] {
                nonNegativeInt("\(at).resources.\(key)", value)
            }
        }
    }
}

extension Summary {
    /// A summary of non-negative values (times, counts): finite, not negative, ordered.
    fileprivate func validate(at: String, add: (String, String) -> Void, nonNegative: (String, Double) -> Void) {
        if count < 0 { add("\(at).count", "\(count) is negative") }
        for (key, value) in [
            ("median", median), ("mean", mean), ("stddev", stddev), ("min", min), ("max", max),
            ("p90", p90), ("mad", mad), ("ci_low", ciLow), ("ci_high", ciHigh)
        ] {
            nonNegative("\(at).\(key)", value)
        }
        if cv.isFinite && cv < 0 { add("\(at).cv", "\(cv) is negative") }
        if min.isFinite && max.isFinite && median.isFinite && !(min <= median && median <= max) {
            add(at, "median \(median) is not between min \(min) and max \(max)")
        }
        if ciLow.isFinite && ciHigh.isFinite && ciLow > ciHigh {
            add(at, "ci_low \(ciLow) is above ci_high \(ciHigh)")
        }
        if let bad = outliers.first(where: { $0 < 0 || $0 >= Swift.max(count, 0) }) {
            add("\(at).outliers", "index \(bad) is outside the \(count) samples")
        }
    }
}

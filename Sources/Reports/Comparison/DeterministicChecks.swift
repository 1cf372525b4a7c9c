import Harness

/// The deterministic metrics a suite's `checks` can name, and how a rule is applied.
///
/// Known names: `hbm_bytes` (modeled reads + writes), `hbm_read_bytes`,
/// `hbm_write_bytes`, `sram_peak_bytes`, `flops`, `executed_flops`, `kv_cache_bytes`,
/// `max_abs_error`, `rmse`, `rel_frobenius` (alias `relative_frobenius`), and counters as
/// `counter:NAME` (or a bare requested counter name), compared on their medians. Simulated
/// counters (`sim::…`) are exact counts and gate by default (see `SimulatedChecks`).
/// `time` is the timing threshold and is handled by `TimingComparison`.
public enum DeterministicChecks {
    /// Check names recognised besides counters.
    public static let metricNames = [
        "hbm_bytes", "hbm_read_bytes", "hbm_write_bytes", "sram_peak_bytes", "flops",
        "executed_flops", "kv_cache_bytes", "max_abs_error", "rmse", "rel_frobenius",
        "relative_frobenius"
    ]

    /// Prefix naming a counter in `checks`.
    public static let counterPrefix = "counter:"

    /// The counter a check name refers to, if any.
    static func counterName(_ check: String, requested: Set<String>) -> String? {
        if check.hasPrefix(counterPrefix) { return String(check.dropFirst(counterPrefix.count)) }
        return requested.contains(check) ? check : nil
    }

    /// Whether `check` names something this module can evaluate.
    static func isKnown(_ check: String, requested: Set<String>) -> Bool {
        check == TimingComparison.checkName || metricNames.contains(check)
            || counterName(check, requested: requested) != nil
    }

    /// The value of `check` for a case; nil when absent.
    static func value(_ check: String, in record: CaseRecord, requested: Set<String>) -> Double? {
        if let counter = counterName(check, requested: requested) { return record.statistics[counter]?.median }
        let t = record.traffic, a = record.accuracy
        switch check {
        // (Summed as doubles: two valid byte counts of a hand-made record can overflow an Int.)
        case "hbm_bytes": return t.map { Double($0.hbmReadBytes) + Double($0.hbmWriteBytes) }
        case "hbm_read_bytes": return t.map { Double($0.hbmReadBytes) }
        case "hbm_write_bytes": return t.map { Double($0.hbmWriteBytes) }
        case "sram_peak_bytes": return t.map { Double($0.sramPeakBytes) }
        case "flops": return record.flops.map(Double.init)
        case "executed_flops": return t.map { Double($0.executedFlops) }
        case "kv_cache_bytes": return t.map { Double($0.kvCacheBytes) }
        case "max_abs_error": return a?.maxAbsError
        case "rmse": return a?.rmse
        case "rel_frobenius", "relative_frobenius": return a?.relativeFrobenius
        default: return nil
        }
    }

    /// Applies every deterministic check in `checks` (sorted by name) to one case pair.
    static func evaluate(
        checks: [String: CheckSpec], base: CaseRecord, current: CaseRecord,
        requested: Set<String>
    ) -> [CheckResult] {
        checks.keys.sorted().compactMap { name -> CheckResult? in
            guard name != TimingComparison.checkName, isKnown(name, requested: requested),
                let spec = checks[name]
            else { return nil }
            return apply(
                spec, name: name, base: value(name, in: base, requested: requested),
                current: value(name, in: current, requested: requested),
                absentIsFailure: counterName(name, requested: requested).map(SimulatedChecks.isSimulated) ?? true)
        }
    }

    /// One rule on one pair of values. A spec may combine rules; all must hold.
    /// `absentIsFailure`: a metric the base has but the current run lacks fails (modeled
    /// metrics), or is skipped (counters, which a machine may simply not have).
    static func apply(
        _ spec: CheckSpec, name: String, base: Double?, current: Double?,
        absentIsFailure: Bool = true
    ) -> CheckResult {
        let rule = describe(spec)
        func result(_ outcome: CheckResult.Outcome, _ message: String) -> CheckResult {
            CheckResult(
                check: name, rule: rule, baseValue: base, currentValue: current, outcome: outcome, message: message)
        }
        guard let cur = current else {
            if base == nil { return result(.skipped, "\(name) is absent from both runs") }
            return absentIsFailure
                ? result(.failed, "\(name) is absent from the current run but present in the base")
                : result(.skipped, "\(name) is unavailable in the current run")
        }
        var failures: [String] = []
        if let bound = spec.max, !(cur <= bound) {
            failures.append("\(fmt(cur)) exceeds the bound \(fmt(bound))")
        }
        let relative = spec.exact == true || spec.tolerance != nil || spec.maxRegression != nil
        if relative {
            guard let b = base else {
                return failures.isEmpty
                    ? result(.skipped, "\(name) is absent from the base run; nothing to compare")
                    : result(.failed, failures.joined(separator: "; "))
            }
            if spec.exact == true, cur != b { failures.append("changed from \(fmt(b)) to \(fmt(cur)) (must be exact)") }
            if let tol = spec.tolerance, abs(cur - b) > tol * abs(b) {
                failures.append(
                    "changed from \(fmt(b)) to \(fmt(cur)), beyond the tolerance \(HumanFormat.plainPercent(tol))")
            }
            if let limit = spec.maxRegression, cur > b * (1 + limit) {
                failures.append("grew from \(fmt(b)) to \(fmt(cur)), beyond \(HumanFormat.plainPercent(limit))")
            }
        } else if spec.max == nil {
            return result(.skipped, "the check \(name) declares no rule (exact, max, tolerance or max_regression)")
        }
        return failures.isEmpty ? result(.passed, "ok") : result(.failed, "\(name) " + failures.joined(separator: "; "))
    }

    static func describe(_ spec: CheckSpec) -> String {
        var parts: [String] = []
        if spec.exact == true { parts.append("exact") }
        if let m = spec.max { parts.append("max \(fmt(m))") }
        if let t = spec.tolerance { parts.append("tolerance \(HumanFormat.plainPercent(t))") }
        if let r = spec.maxRegression { parts.append("max_regression \(HumanFormat.plainPercent(r))") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// Exact values in messages: integers in full, others with enough digits to differ.
    static func fmt(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }
}

import Foundation
import Yams

/// Reads a suite's `checks` block (metric → rule) into `CheckSpec`s for `compare`.
///
/// A rule is `exact`, or a mapping of `exact: true`, `max_regression: 10%`,
/// `max: 1e-5` and/or `tolerance: 1%`. Percentages may be written `10%` or as a
/// fraction (`0.1`); a bare number above 1 is refused as an almost certain slip.
struct CheckSpecReader {
    let reader: SuiteNodeReader

    /// Metrics `compare` knows how to read from a case record; a suite may also gate on
    /// any counter it names in `measure.counters`.
    static let knownMetrics = [
        "time", "cpu_time", "gflops",
        "hbm_bytes", "hbm_read_bytes", "hbm_write_bytes", "sram_peak_bytes", "flops", "executed_flops",
        "rmse", "max_abs_error", "relative_frobenius"
    ]

    static let ruleKeys = ["exact", "max_regression", "max", "tolerance"]

    /// The checks of a `checks` mapping node; `counters` are the suite's counter names.
    func checks(_ node: Node, counters: [String]) -> [String: CheckSpec] {
        // `sim::*` sets the rule for every simulated counter (compare checks them by default).
        let metrics = Self.knownMetrics + counters + (counters.contains { $0.hasPrefix("sim::") } ? ["sim::*"] : [])
        guard case .mapping(let mapping) = node else {
            reader.report(
                .wrongType, at: node, "checks must be a mapping of metric to rule (got \(reader.describe(node)))")
            return [:]
        }
        var result: [String: CheckSpec] = [:]
        for (keyNode, value) in mapping {
            guard let metric = keyNode.scalar?.string else {
                reader.report(
                    .wrongType, at: keyNode, "check names must be metric names (got \(reader.describe(keyNode)))")
                continue
            }
            guard metrics.contains(metric) else {
                reader.report(
                    .badCheck, at: keyNode,
                    "unknown check metric '\(metric)'" + NearestName.hint(for: metric, among: metrics)
                        + "; valid: \(metrics.joined(separator: ", "))")
                continue
            }
            if let spec = rule(value, metric: metric) { result[metric] = spec }
        }
        return result
    }

    private func rule(_ node: Node, metric: String) -> CheckSpec? {
        if case .scalar(let s) = node {
            guard s.string == "exact" else {
                reader.report(
                    .badCheck, at: node,
                    "check '\(metric)' must be 'exact' or a mapping such as "
                        + "{max_regression: 10%}, {max: 1e-5} or {tolerance: 1%} (got '\(s.string)')")
                return nil
            }
            return CheckSpec(exact: true)
        }
        let entries = reader.entries(of: node, allowed: Self.ruleKeys, what: "check '\(metric)'")
        var spec = CheckSpec()
        var ok = entries.count == node.mapping?.count
        for entry in entries {
            switch entry.key {
            case "exact":
                guard let b = reader.flag(entry.value, what: "exact") else { ok = false; continue }
                spec.exact = b
            case "max":
                guard let x = reader.number(entry.value, what: "max") else { ok = false; continue }
                spec.max = x
            default:
                guard let f = fraction(entry.value, what: entry.key) else { ok = false; continue }
                if entry.key == "tolerance" { spec.tolerance = f } else { spec.maxRegression = f }
            }
        }
        if ok && entries.isEmpty {
            reader.report(
                .badCheck, at: node, "check '\(metric)' names no rule; use exact, max_regression, max or tolerance")
            return nil
        }
        return ok ? spec : nil
    }

    /// `10%` → 0.1, `0.1` → 0.1; negative values and bare numbers above 1 are refused.
    private func fraction(_ node: Node, what: String) -> Double? {
        guard let text = reader.string(node, what: what) else { return nil }
        let t = text.trimmingCharacters(in: .whitespaces)
        let value: Double?
        if t.hasSuffix("%") {
            value = Double(t.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 }
        } else {
            value = node.float
            if let v = value, v > 1 {
                reader.report(
                    .badQuantity, at: node,
                    "\(what) \(t) would be \(v * 100)%; write a percentage such as 10% (or the fraction 0.1)")
                return nil
            }
        }
        guard let v = value, v.isFinite, v >= 0 else {
            reader.report(
                .badQuantity, at: node,
                "\(what) must be a non-negative percentage such as 10% or a fraction such as 0.1 (got '\(t)')")
            return nil
        }
        return v
    }
}

import Counters

/// Counter-based derived metrics, computed one way whether the counts come from the CPU's
/// PMU through PAPI or from Valgrind's simulation (`sim::` events): each metric is a ratio
/// with a formula per source. Hardware counts win where both exist (they describe the real
/// machine); `DerivedMetrics.sources` records which source each value came from.
///
/// | metric | PAPI | simulation |
/// |---|---|---|
/// | `ipc` | PAPI_TOT_INS / PAPI_TOT_CYC | — (no cycles in a simulation) |
/// | `l1_miss_rate` | PAPI_L1_DCM / PAPI_L1_DCA (or / PAPI_LD_INS) | (D1mr + D1mw) / (Dr + Dw) |
/// | `l2_miss_rate` | PAPI_L2_DCM / PAPI_L2_DCA | — (two simulated levels) |
/// | `ll_miss_rate` | PAPI_L3_TCM / PAPI_L3_TCA | (DLmr + DLmw) / (D1mr + D1mw) |
/// | `branch_miss_rate` | PAPI_BR_MSP / PAPI_BR_CN | Bcm / Bc |
/// | `instructions_per_flop` | PAPI_TOT_INS / flops | Ir / flops |
/// | `ll_bytes_per_flop` | PAPI_L3_TCM × 64 / flops | (DLmr + DLmw) × LL line / flops |
public enum CounterDerivation {
    /// A sum of events over a sum of events (or over the case's nominal FLOPs), times a scale.
    struct Ratio {
        var numerator: [String]
        var denominator: [String]
        var scale: Double = 1
    }

    /// The denominator that stands for the case's nominal FLOPs.
    static let flops = "flops"

    /// Formulas by metric, PAPI alternatives first, then the simulated one.
    static func formulas(lineBytes: Double) -> [(metric: String, papi: [Ratio], sim: Ratio?)] {
        [
            ("ipc", [Ratio(numerator: ["PAPI_TOT_INS"], denominator: ["PAPI_TOT_CYC"])], nil),
            (
                "l1_miss_rate",
                [
                    Ratio(numerator: ["PAPI_L1_DCM"], denominator: ["PAPI_L1_DCA"]),
                    Ratio(numerator: ["PAPI_L1_DCM"], denominator: ["PAPI_LD_INS"])
                ],
                Ratio(numerator: ["sim::D1mr", "sim::D1mw"], denominator: ["sim::Dr", "sim::Dw"])
            ),
            ("l2_miss_rate", [Ratio(numerator: ["PAPI_L2_DCM"], denominator: ["PAPI_L2_DCA"])], nil),
            (
                "ll_miss_rate", [Ratio(numerator: ["PAPI_L3_TCM"], denominator: ["PAPI_L3_TCA"])],
                Ratio(numerator: ["sim::DLmr", "sim::DLmw"], denominator: ["sim::D1mr", "sim::D1mw"])
            ),
            (
                "branch_miss_rate", [Ratio(numerator: ["PAPI_BR_MSP"], denominator: ["PAPI_BR_CN"])],
                Ratio(numerator: ["sim::Bcm"], denominator: ["sim::Bc"])
            ),
            (
                "instructions_per_flop", [Ratio(numerator: ["PAPI_TOT_INS"], denominator: [flops])],
                Ratio(numerator: ["sim::Ir"], denominator: [flops])
            ),
            (
                "ll_bytes_per_flop", [Ratio(numerator: ["PAPI_L3_TCM"], denominator: [flops], scale: 64)],
                Ratio(numerator: ["sim::DLmr", "sim::DLmw"], denominator: [flops], scale: lineBytes)
            )
        ]
    }

    /// Fills the counter-based fields of `derived` from a case's statistics (PAPI medians,
    /// requested `sim::` counts) and its simulation's totals (every simulated event).
    public static func apply(
        to derived: inout DerivedMetrics, statistics: [String: Summary], simulation: CaseSimulation?,
        flops: Int?
    ) {
        var values: [String: Double] = statistics.mapValues(\.median)
        if let totals = simulation?.totals {
            for event in SimulatedEvent.all {
                if let v = event.value(in: totals) { values[event.name] = Double(v) }
            }
        }
        if let flops, flops > 0 { values[Self.flops] = Double(flops) }
        func evaluate(_ r: Ratio) -> Double? {
            var num = 0.0, den = 0.0
            for name in r.numerator { guard let v = values[name] else { return nil }; num += v }
            for name in r.denominator { guard let v = values[name] else { return nil }; den += v }
            return den > 0 ? num / den * r.scale : nil
        }
        let line = Double(simulation?.geometry?.ll.lineBytes ?? 64)
        var sources: [String: String] = [:]
        for formula in formulas(lineBytes: line) {
            var value: Double?
            if let v = formula.papi.lazy.compactMap(evaluate).first {
                value = v
                sources[formula.metric] = "papi"
            } else if let sim = formula.sim, let v = evaluate(sim) {
                value = v
                sources[formula.metric] = "sim"
            }
            set(formula.metric, value, in: &derived)
        }
        derived.sources = sources.isEmpty ? nil : sources
    }

    private static func set(_ metric: String, _ value: Double?, in d: inout DerivedMetrics) {
        switch metric {
        case "ipc": d.ipc = value
        case "l1_miss_rate": d.l1MissRate = value
        case "l2_miss_rate": d.l2MissRate = value
        case "ll_miss_rate": d.llMissRate = value
        case "branch_miss_rate": d.branchMissRate = value
        case "instructions_per_flop": d.instructionsPerFlop = value
        case "ll_bytes_per_flop": d.llBytesPerFlop = value
        default: break
        }
    }
}

import Harness

/// The columns of results.csv, in their fixed order (documented in docs/run-record.md).
///
/// Order is part of the contract: scripts may index columns by position. New columns
/// are only ever appended before the per-counter columns, which always come last.
/// Missing values (no traffic model, a counter that could not be collected, NaN) are
/// empty fields, never 0.
public enum CSVColumns {
    /// A named column and how to read it off a case.
    public struct Column: Sendable {
        public let name: String
        let value: @Sendable (CaseRecord) -> String
    }

    /// Prefix of the per-counter median columns (`counter:PAPI_TOT_INS`).
    public static let counterPrefix = "counter:"

    /// The fixed columns, before the counter columns.
    public static let fixed: [Column] =
        parameterColumns + timingColumns + modelColumns + resourceColumns
        + placementColumns + implementationColumns
        + simulationColumns

    /// Every column for a run: `fixed`, then one median column per requested counter,
    /// empty in every row when the counter was unavailable.
    public static func all(for run: RunRecord) -> [Column] {
        let unavailable = Set(run.counters.unavailable.map(\.event))
        return fixed
            + run.counters.requested.map { name in
                Column(name: counterPrefix + name) { record in
                    unavailable.contains(name) ? "" : format(record.statistics[name]?.median)
                }
            }
    }

    static let parameterColumns: [Column] = [
        Column(name: "id") { $0.id },
        Column(name: "batch") { format($0.parameters.batch) },
        Column(name: "heads") { format($0.parameters.heads) },
        Column(name: "kv_heads") { format($0.parameters.kvHeads) },
        Column(name: "seq_len") { format($0.parameters.seqLen) },
        Column(name: "kv_len") { format($0.parameters.kvLen) },
        Column(name: "head_dim") { format($0.parameters.headDim) },
        Column(name: "causal") { format($0.parameters.causal) },
        Column(name: "algorithm") { $0.parameters.algorithm },
        Column(name: "layout") { $0.layout },
        Column(name: "precision") { $0.parameters.precision },
        Column(name: "scaling") { $0.parameters.scaling },
        Column(name: "incoherent") { format($0.parameters.incoherent) },
        Column(name: "tile") { $0.parameters.tile ?? "" },
        Column(name: "effective_tile") { $0.parameters.effectiveTile },
        Column(name: "sram_bytes") { format($0.parameters.sramBytes) },
        Column(name: "profile") { $0.parameters.profile ?? "" },
        Column(name: "gqa_packing") { format($0.parameters.gqaPacking) },
        Column(name: "threads") { format($0.parameters.threads) },
        Column(name: "seed") { String($0.parameters.seed) },
        Column(name: "input_mean") { format($0.parameters.distribution.mean) },
        Column(name: "input_std") { format($0.parameters.distribution.std) },
        Column(name: "outlier_fraction") { format($0.parameters.distribution.outlierFraction) },
        Column(name: "outlier_std") { format($0.parameters.distribution.outlierStd) },
        Column(name: "status") { $0.status.rawValue },
        Column(name: "samples") { format(sampleCount($0)) }
    ]

    static let timingColumns: [Column] = {
        let wall: [(String, @Sendable (Summary) -> Double)] = [
            ("median", { $0.median }), ("mean", { $0.mean }), ("stddev", { $0.stddev }), ("min", { $0.min }),
            ("max", { $0.max }), ("p90", { $0.p90 }), ("mad", { $0.mad }), ("cv", { $0.cv }),
            ("ci_low", { $0.ciLow }), ("ci_high", { $0.ciHigh })
        ]
        return wall.map { suffix, read in
            Column(name: "wall_ns_\(suffix)") { format($0.statistics["wall_ns"].map(read)) }
        } + [Column(name: "cpu_ns_median") { format($0.statistics["cpu_ns"]?.median) }]
    }()

    static let modelColumns: [Column] = [
        Column(name: "gflops") { format($0.derived.gflops) },
        Column(name: "modeled_gb_s") { format($0.derived.modeledGBs) },
        Column(name: "arithmetic_intensity") { format($0.derived.arithmeticIntensity) },
        Column(name: "hbm_read_bytes") { format($0.traffic?.hbmReadBytes) },
        Column(name: "hbm_write_bytes") { format($0.traffic?.hbmWriteBytes) },
        Column(name: "sram_peak_bytes") { format($0.traffic?.sramPeakBytes) },
        Column(name: "flops") { format($0.flops) },
        Column(name: "executed_flops") { format($0.traffic?.executedFlops) },
        Column(name: "kv_cache_bytes") { format($0.traffic?.kvCacheBytes) },
        Column(name: "max_abs_error") { format($0.accuracy?.maxAbsError) },
        Column(name: "rmse") { format($0.accuracy?.rmse) },
        Column(name: "rel_frobenius") { format($0.accuracy?.relativeFrobenius) }
    ]

    static let resourceColumns: [Column] = [
        Column(name: "peak_rss_bytes") { format($0.resources?.peakRSSBytes) },
        Column(name: "page_faults") { format($0.resources?.pageFaults) },
        Column(name: "voluntary_ctx_switches") { format($0.resources?.voluntaryContextSwitches) },
        Column(name: "involuntary_ctx_switches") { format($0.resources?.involuntaryContextSwitches) },
        Column(name: "ipc") { format($0.derived.ipc) },
        Column(name: "l1_miss_rate") { format($0.derived.l1MissRate) },
        Column(name: "l2_miss_rate") { format($0.derived.l2MissRate) }
    ]

    /// Where the case ran (appended after the resource columns, as new columns are).
    static let placementColumns: [Column] = [
        Column(name: "host") { $0.host ?? "" }
    ]

    /// Added with providers (appended, so earlier columns keep their positions).
    static let implementationColumns: [Column] = [
        Column(name: "implementation") { $0.parameters.implementation },
        Column(name: "reason") { $0.reason ?? "" }
    ]

    /// Derived counter metrics from either source (`derived_sources` says which), and the
    /// simulated HBM bytes of SRAM-as-last-level runs beside the model's.
    static let simulationColumns: [Column] = [
        Column(name: "ll_miss_rate") { format($0.derived.llMissRate) },
        Column(name: "branch_miss_rate") { format($0.derived.branchMissRate) },
        Column(name: "instructions_per_flop") { format($0.derived.instructionsPerFlop) },
        Column(name: "ll_bytes_per_flop") { format($0.derived.llBytesPerFlop) },
        Column(name: "derived_sources") { record in
            (record.derived.sources ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: ";")
        },
        Column(name: "sim_hbm_bytes") { format($0.simulation?.hbmBytes) },
        Column(name: "sim_hbm_ratio") { format($0.simulation?.hbmRatio) }
    ]

    /// Raw sample count, or the stored count when samples were stripped (baselines).
    static func sampleCount(_ record: CaseRecord) -> Int? {
        record.samples.isEmpty ? record.statistics["wall_ns"]?.count ?? 0 : record.samples.count
    }

    static func format(_ value: Int?) -> String { value.map(String.init) ?? "" }
    static func format(_ value: Bool) -> String { value ? "true" : "false" }

    /// Shortest text that reads back as the same Double; empty for nil and NaN.
    static func format(_ value: Double?) -> String {
        guard let v = value, !v.isNaN else { return "" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return "\(v)"
    }
}

import AttentionKernels
import Harness

/// The charts of a run's report, built from its records: time against sequence length
/// per algorithm, modeled HBM traffic per variant, FP8 error per format and scaling, and
/// the roofline of each machine (`RooflineCharts`). A chart is produced only when the run
/// has what it plots.
public enum RunCharts {
    public static let timeChartName = "time-vs-seq-len.svg"
    public static let trafficChartName = "hbm-traffic.svg"
    public static let fp8ChartName = "fp8-error.svg"
    public static let implementationsChartName = "implementations.svg"

    /// Most rows drawn in the traffic chart (one per variant).
    static let maxTrafficRows = 60

    /// Every chart the run supports; `rooflineProfiles` are drawn as dashed comparison roofs,
    /// `reference` is the implementation ratios are taken against (see `ImplementationComparison`).
    public static func charts(
        for run: RunRecord, rooflineProfiles: [HardwareProfile] = [],
        reference: String? = nil
    ) -> [ChartFile] {
        [
            timeChart(run), implementationsChart(run, reference: reference), trafficChart(run), fp8ErrorChart(run),
            simulatedTrafficChart(run)
        ]
        .compactMap { $0 } + RooflineCharts.charts(for: run, profiles: rooflineProfiles)
    }

    /// GFLOP/s per shape, one bar series per implementation (variant), when the run has
    /// more than one implementation.
    public static func implementationsChart(_ run: RunRecord, reference: String? = nil) -> ChartFile? {
        guard let cmp = ImplementationComparison(run, reference: reference) else { return nil }
        let categories = cmp.rows.map { row -> String in
            guard let any = row.cases.values.first else { return "" }
            return CaseDimension.label(any, cmp.dimensions, compact: true)
        }
        let values = cmp.rows.map { row in cmp.variants.map { row.cases[$0]?.derived.gflops } }
        let title = "GFLOP/s per implementation — \(run.suite.name)"
        let chart = HorizontalGroupedBarChart(
            title: title, xLabel: "GFLOP/s (nominal FLOPs / median time)",
            categories: categories, series: cmp.variants, values: values)
        return ChartFile(name: implementationsChartName, title: title, svg: chart.svg(), seriesNames: cmp.variants)
    }

    static func okCases(_ run: RunRecord) -> [CaseRecord] { run.cases.filter { $0.status == .ok } }

    /// Median wall time against sequence length, one series per combination of the
    /// other varying parameters (algorithm first). Needs two or more sequence lengths.
    public static func timeChart(_ run: RunRecord) -> ChartFile? {
        let timed = okCases(run).filter { $0.statistics["wall_ns"] != nil }
        let excluded: [CaseDimension] = [.seqLen, .kvLen, .effectiveTile, .seed]
        // Series are the combinations of the other parameters; only those measured at two
        // or more sequence lengths make a line. Labels name what varies among those.
        let allKeys = CaseDimension.varying(in: timed).filter { !excluded.contains($0) }
        func key(_ r: CaseRecord) -> String { allKeys.map { $0.value(r) }.joined(separator: "\u{1F}") }
        let byKey = Dictionary(grouping: timed, by: key)
        let cases = timed.filter { Set(byKey[key($0)]?.map(\.parameters.seqLen) ?? []).count > 1 }
        guard !cases.isEmpty else { return nil }
        let keys = CaseDimension.varying(in: cases).filter { !excluded.contains($0) }
        var order: [String] = []
        var points: [String: [(x: Double, y: Double)]] = [:]
        let unit = TimeUnit.pick(cases.compactMap { $0.statistics["wall_ns"]?.median })
        for record in cases {
            guard let median = record.statistics["wall_ns"]?.median else { continue }
            let name = keys.isEmpty ? record.parameters.algorithm : CaseDimension.label(record, keys, compact: true)
            if points[name] == nil { order.append(name) }
            points[name, default: []].append((Double(record.parameters.seqLen), median / unit.divisor))
        }
        let series = order.map { LineChart.Series(name: $0, points: points[$0] ?? []) }
        let title = "Median time vs sequence length — \(run.suite.name)"
        let chart = LineChart(
            title: title, xLabel: "sequence length (tokens)", yLabel: "median wall time (\(unit.symbol))",
            series: series)
        return ChartFile(name: timeChartName, title: title, svg: chart.svg(), seriesNames: order)
    }

    /// Modeled HBM reads and writes per variant (stacked horizontal bars, MB).
    public static func trafficChart(_ run: RunRecord) -> ChartFile? {
        let cases = run.cases.filter { $0.traffic != nil }
        guard !cases.isEmpty else { return nil }
        let keys = CaseDimension.varying(in: cases).filter { ![CaseDimension.seed, .threads].contains($0) }
        var seen = Set<String>()
        var categories: [String] = []
        var values: [[Double]] = []
        for record in cases {
            guard let t = record.traffic else { continue }
            let label = CaseDimension.label(record, keys, compact: true)
            guard seen.insert(label).inserted, categories.count < maxTrafficRows else { continue }
            categories.append(label)
            values.append([Double(t.hbmReadBytes) / 1e6, Double(t.hbmWriteBytes) / 1e6])
        }
        let title = "Modeled HBM traffic per variant — \(run.suite.name)"
        let series = ["HBM reads", "HBM writes"]
        let chart = StackedBarChart(
            title: title, xLabel: "modeled HBM traffic per call (MB)", categories: categories,
            series: series, values: values)
        return ChartFile(name: trafficChartName, title: title, svg: chart.svg(), seriesNames: series)
    }

    /// RMSE against the float64 reference per FP8 format (groups) and scaling (bars),
    /// with the fp32 error as a reference line; log y. Median over the cases of a cell.
    public static func fp8ErrorChart(_ run: RunRecord) -> ChartFile? {
        let cases = okCases(run).filter { $0.accuracy != nil }
        let fp8 = cases.filter { $0.parameters.precision.hasPrefix("fp8") }
        guard !fp8.isEmpty else { return nil }
        let formats = Array(Set(fp8.map(\.parameters.precision))).sorted()
        var seriesNames: [String] = []
        for record in fp8 where !seriesNames.contains(scalingLabel(record)) { seriesNames.append(scalingLabel(record)) }
        let values: [[Double?]] = formats.map { format in
            seriesNames.map { name in
                let errors = fp8.filter { $0.parameters.precision == format && scalingLabel($0) == name }
                    .compactMap { $0.accuracy?.rmse }
                return errors.isEmpty ? nil : Quantile.median(errors)
            }
        }
        let fp32 = cases.filter { $0.parameters.precision == "fp32" }.compactMap { $0.accuracy?.rmse }
        let references = fp32.isEmpty ? [] : [GroupedBarChart.Reference(name: "fp32", value: Quantile.median(fp32))]
        let title = "FP8 error vs float64 reference — \(run.suite.name)"
        let chart = GroupedBarChart(
            title: title, yLabel: "RMSE (median over cases)", groups: formats,
            series: seriesNames, values: values, logY: true, references: references)
        return ChartFile(name: fp8ChartName, title: title, svg: chart.svg(), seriesNames: seriesNames)
    }

    /// `block`, or `block + incoherent`.
    static func scalingLabel(_ record: CaseRecord) -> String {
        record.parameters.scaling + (record.parameters.incoherent ? " + incoherent" : "")
    }
}

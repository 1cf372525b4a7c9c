import Harness

extension RunCharts {
    public static let simulatedTrafficChartName = "sim-vs-modeled-hbm.svg"

    /// Modeled HBM bytes beside the bytes that missed a simulated last level the size of
    /// each case's SRAM (`sim_cache: sram`), one group per case. Needs at least one such case.
    public static func simulatedTrafficChart(_ run: RunRecord) -> ChartFile? {
        let cases = okCases(run).filter { $0.simulation?.hbmBytes != nil && $0.traffic != nil }
        guard !cases.isEmpty else { return nil }
        let keys = CaseDimension.varying(in: cases).filter { ![CaseDimension.seed, .threads, .tile].contains($0) }
        let groups = cases.map { CaseDimension.label($0, keys, compact: true) }
        let values: [[Double?]] = cases.map { record in
            let modeled = record.traffic.map { Double($0.hbmReadBytes + $0.hbmWriteBytes) / 1e6 }
            return [modeled, record.simulation?.hbmBytes.map { Double($0) / 1e6 }]
        }
        let series = ["modeled (ledger)", "simulated SRAM"]
        let title = "Modeled vs simulated HBM traffic — \(run.suite.name)"
        let chart = HorizontalGroupedBarChart(
            title: title,
            xLabel: "HBM bytes per call (MB); simulated: misses of an "
                + "LRU cache the size of the SRAM", categories: groups, series: series,
            values: values)
        return ChartFile(name: simulatedTrafficChartName, title: title, svg: chart.svg(), seriesNames: series)
    }
}

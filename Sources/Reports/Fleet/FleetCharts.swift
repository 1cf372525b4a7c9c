import AttentionKernels
import Harness

/// The charts of a fleet report: achieved GFLOP/s per case with one bar per machine
/// (missing cases marked), and one roofline per machine.
public enum FleetCharts {
    public static let gflopsChartName = "fleet-gflops.svg"
    /// Most cases drawn in the GFLOP/s chart; the rest are in fleet.md and fleet.csv.
    public static let maxCases = 40

    public static func charts(for fleet: FleetReport, rooflineProfiles: [HardwareProfile] = []) -> [ChartFile] {
        [gflopsChart(fleet)].compactMap { $0 }
            + RooflineCharts.uniqueNames(fleet.machines).compactMap {
                RooflineCharts.chart($0.machine, profiles: rooflineProfiles, name: $0.name)
            }
    }

    /// GFLOP/s per case, one bar per machine.
    public static func gflopsChart(_ fleet: FleetReport) -> ChartFile? {
        let rows = Array(fleet.rows.prefix(maxCases))
        guard !rows.isEmpty else { return nil }
        let dims = CaseDimension.varying(in: rows.map(\.example)).filter {
            ![CaseDimension.seed, .host, .tile].contains($0)
        }
        let categories = rows.map { dims.isEmpty ? $0.id : CaseDimension.label($0.example, dims, compact: true) }
        let values = rows.map { row in row.cells.map { $0?.gflops } }
        let series = fleet.machines.map(\.host)
        let shown = fleet.rows.count > maxCases ? " (first \(maxCases) of \(fleet.rows.count) cases)" : ""
        let title = "Achieved GFLOP/s per machine\(shown)"
        let chart = HorizontalGroupedBarChart(
            title: title, xLabel: "achieved GFLOP/s (nominal FLOPs / median time)",
            categories: categories, series: series, values: values)
        return ChartFile(name: gflopsChartName, title: title, svg: chart.svg(), seriesNames: series)
    }
}

/// The comparison chart: per case, the relative change of the median time with the
/// confidence interval of the ratio (horizontal error bars), zero and ± threshold lines,
/// a marker per verdict.
public enum ComparisonChart {
    public static let fileName = "comparison.svg"
    /// Most cases drawn (those needing attention first).
    static let maxRows = 80

    /// Nil when no case has timing.
    public static func chart(_ comparison: Comparison) -> ChartFile? {
        let timed = comparison.casesByAttention.filter { $0.timing != nil }
        guard !timed.isEmpty else { return nil }
        let classes = [Verdict.slower, .faster, .unchanged, .inconclusive].filter { v in
            timed.contains { $0.verdict == v }
        }
        let rows = timed.prefix(maxRows).compactMap { c -> IntervalChart.Row? in
            guard let t = c.timing, let index = classes.firstIndex(of: c.verdict) else { return nil }
            return IntervalChart.Row(
                label: c.id, estimate: t.relativeChange * 100, low: (t.ratioLow - 1) * 100,
                high: (t.ratioHigh - 1) * 100, classIndex: index)
        }
        let level = HumanFormat.plainPercent(comparison.confidenceLevel)
        let title = "Change of median time, current vs base (\(level) CI)"
        let chart = IntervalChart(
            title: title, xLabel: "change of median wall time (%, + is slower)", rows: rows,
            classes: classes.map(\.rawValue), threshold: comparison.threshold * 100)
        return ChartFile(name: fileName, title: title, svg: chart.svg(), seriesNames: classes.map(\.rawValue))
    }
}

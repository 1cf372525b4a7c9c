/// Vertical bars grouped by category (e.g. FP8 format), one bar per series in each
/// group (e.g. scaling granularity), with optional labelled reference lines (e.g. the
/// fp32 error). Log y when asked, or when values span more than a decade.
struct GroupedBarChart {
    struct Reference {
        var name: String
        var value: Double
    }

    var title: String
    var yLabel: String
    var groups: [String]
    var series: [String]
    /// values[group][series]; nil where that combination does not exist.
    var values: [[Double?]]
    var logY: Bool? = nil
    var references: [Reference] = []
    var yFormat: (Double) -> String = HumanFormat.number

    func svg() -> String {
        var frame = ChartFrame(width: 760, height: 460)
        let all = values.flatMap { $0.compactMap { $0 } } + references.map(\.value)
        let yScale = ChartScale(
            values: all, start: frame.bottom, end: frame.top, log: logY ?? ChartScale.spansDecade(all),
            includeZero: true)
        frame.title(title)
        frame.yAxis(yScale, label: yLabel + (yScale.isLog ? " (log scale)" : ""), format: yFormat)
        frame.canvas.line(frame.left, frame.bottom, frame.right, frame.bottom, stroke: "#333")
        let groupWidth = (frame.right - frame.left) / Double(max(1, groups.count))
        let barWidth = min(48, groupWidth * 0.8 / Double(max(1, series.count)))
        let baseline = yScale.isLog ? frame.bottom : yScale.map(0)
        for (g, group) in groups.enumerated() {
            let center = frame.left + groupWidth * (Double(g) + 0.5)
            let first = center - barWidth * Double(series.count) / 2
            for (s, name) in series.enumerated() {
                guard g < values.count, s < values[g].count, let v = values[g][s] else { continue }
                let y = yScale.map(v)
                let x = first + barWidth * Double(s)
                frame.canvas.raw("<g class=\"bar\" data-series=\"\(SVGCanvas.escape(name))\">")
                frame.canvas.rect(
                    x + 1, min(y, baseline), barWidth - 2, abs(baseline - y),
                    fill: ChartStyle.barFill(s), stroke: ChartStyle.color(s), strokeWidth: 1.5)
                frame.canvas.raw("</g>")
            }
            frame.canvas.text(center, frame.bottom + 18, group, size: 12, anchor: .middle)
        }
        for (r, ref) in references.enumerated() {
            let y = yScale.map(ref.value)
            frame.canvas.line(
                frame.left, y, frame.right, y, stroke: "#444", width: 1.5, dash: r % 2 == 0 ? "6 4" : "2 3")
            frame.canvas.text(frame.right + 4, y + 4, ref.name, size: 11)
        }
        frame.legend(series.indices.map { (series[$0], .bar(index: $0)) })
        return frame.canvas.render(
            title: title,
            description: "Bar chart of \(yLabel) by "
                + groups.joined(separator: ", ") + " for " + series.joined(separator: ", "))
    }
}

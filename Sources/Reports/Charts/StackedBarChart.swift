/// Horizontal stacked bars, one row per category (e.g. one per variant, long labels on
/// the left), segments per series (e.g. HBM reads and writes). Linear x from zero.
struct StackedBarChart {
    var title: String
    var xLabel: String
    var categories: [String]
    var series: [String]
    /// values[category][series].
    var values: [[Double]]
    var xFormat: (Double) -> String = HumanFormat.number

    func svg() -> String {
        let rowHeight = 22.0
        let longest = categories.map(\.count).max() ?? 10
        let left = min(370, max(90, Double(min(longest, 56)) * 6.4 + 16))
        let height = max(300, 48 + 62 + rowHeight * Double(categories.count) + 10)
        var frame = ChartFrame(width: 820, height: height, left: left, right: 170)
        let totals = values.map { $0.reduce(0, +) }
        let xScale = ChartScale(
            values: totals + [0], start: frame.left, end: frame.right - 10, log: false, includeZero: true)
        frame.title(title)
        frame.xAxis(xScale, label: xLabel, format: xFormat)
        var labels: [(String, Double)] = []
        for (c, name) in categories.enumerated() {
            let y = frame.top + 8 + rowHeight * Double(c)
            var x = xScale.map(0)
            for (s, seriesName) in series.enumerated() where c < values.count && s < values[c].count {
                let w = xScale.map(values[c][s]) - xScale.map(0)
                frame.canvas.raw("<g class=\"bar\" data-series=\"\(SVGCanvas.escape(seriesName))\">")
                frame.canvas.rect(
                    x, y, w, rowHeight - 6, fill: ChartStyle.barFill(s), stroke: ChartStyle.color(s),
                    strokeWidth: 1.2)
                frame.canvas.raw("</g>")
                x += w
            }
            labels.append((name, y + (rowHeight - 6) / 2))
        }
        frame.categoryAxis(labels)
        frame.legend(series.indices.map { (series[$0], .bar(index: $0)) })
        return frame.canvas.render(
            title: title,
            description: "Horizontal stacked bars of \(xLabel) per variant: "
                + series.joined(separator: " + "))
    }
}

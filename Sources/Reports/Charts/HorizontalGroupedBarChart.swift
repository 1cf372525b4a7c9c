/// Horizontal bars side by side, one row per category (long labels on the left), one bar
/// per series within the row (e.g. modeled and simulated bytes of each configuration).
/// Linear x from zero.
struct HorizontalGroupedBarChart {
    var title: String
    var xLabel: String
    var categories: [String]
    var series: [String]
    /// values[category][series]; nil where that bar does not exist.
    var values: [[Double?]]
    var xFormat: (Double) -> String = HumanFormat.number

    func svg() -> String {
        let barHeight = 9.0
        let rowHeight = barHeight * Double(max(1, series.count)) + 8
        let longest = categories.map(\.count).max() ?? 10
        let left = min(370, max(90, Double(min(longest, 56)) * 6.4 + 16))
        let height = max(300, 48 + 62 + rowHeight * Double(categories.count) + 10)
        var frame = ChartFrame(width: 820, height: height, left: left, right: 170)
        let all = values.flatMap { $0.compactMap { $0 } }
        let xScale = ChartScale(values: all + [0], start: frame.left, end: frame.right - 10, log: false, includeZero: true)
        frame.title(title)
        frame.xAxis(xScale, label: xLabel, format: xFormat)
        var labels: [(String, Double)] = []
        for (c, name) in categories.enumerated() {
            let top = frame.top + 8 + rowHeight * Double(c)
            for (s, seriesName) in series.enumerated() {
                guard c < values.count, s < values[c].count, let v = values[c][s] else { continue }
                let x0 = xScale.map(0)
                frame.canvas.raw("<g class=\"bar\" data-series=\"\(SVGCanvas.escape(seriesName))\">")
                frame.canvas.rect(x0, top + barHeight * Double(s), xScale.map(v) - x0, barHeight - 1,
                                  fill: ChartStyle.barFill(s), stroke: ChartStyle.color(s), strokeWidth: 1)
                frame.canvas.raw("</g>")
            }
            labels.append((name, top + barHeight * Double(series.count) / 2))
        }
        frame.categoryAxis(labels)
        frame.legend(series.indices.map { (series[$0], .bar(index: $0)) })
        return frame.canvas.render(title: title, description: "Horizontal bars of \(xLabel) per configuration: "
            + series.joined(separator: " beside "))
    }
}

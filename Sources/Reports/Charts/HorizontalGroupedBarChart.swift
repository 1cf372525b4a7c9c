/// Horizontal bars grouped by category (e.g. one group per case, long labels on the
/// left), one bar per series in each group (e.g. one per machine). A value that does not
/// exist is drawn as the word "missing" where its bar would be, so an absent measurement
/// is never mistaken for a small one. Linear x from zero.
struct HorizontalGroupedBarChart {
    var title: String
    var xLabel: String
    var categories: [String]
    var series: [String]
    /// values[category][series]; nil where that series lacks the category.
    var values: [[Double?]]
    var xFormat: (Double) -> String = HumanFormat.number

    func svg() -> String {
        let barHeight = 12.0, gap = 10.0
        let groupHeight = barHeight * Double(max(1, series.count)) + gap
        let longest = categories.map(\.count).max() ?? 10
        let left = min(370, max(90, Double(min(longest, 56)) * 6.4 + 16))
        let height = max(300, 48 + 62 + groupHeight * Double(categories.count) + 10)
        var frame = ChartFrame(width: 860, height: height, left: left, right: 190)
        let all = values.flatMap { $0.compactMap { $0 } }.filter(\.isFinite)
        let xScale = ChartScale(
            values: all + [0], start: frame.left, end: frame.right - 10, log: false, includeZero: true)
        frame.title(title)
        frame.xAxis(xScale, label: xLabel, format: xFormat)
        var labels: [(String, Double)] = []
        for (c, name) in categories.enumerated() {
            let top = frame.top + 8 + groupHeight * Double(c)
            for (s, seriesName) in series.enumerated() {
                let y = top + barHeight * Double(s)
                let value = c < values.count && s < values[c].count ? values[c][s] : nil
                let shown = value.map { "\($0)" } ?? "missing"
                frame.canvas.raw(
                    "<g class=\"bar\" data-series=\"\(SVGCanvas.escape(seriesName))\" "
                        + "data-category=\"\(SVGCanvas.escape(name))\" data-value=\"\(shown)\">")
                if let value, value.isFinite {
                    frame.canvas.rect(
                        xScale.map(0), y, xScale.map(value) - xScale.map(0), barHeight - 2,
                        fill: ChartStyle.barFill(s), stroke: ChartStyle.color(s), strokeWidth: 1)
                } else {
                    frame.canvas.text(
                        xScale.map(0) + 4, y + barHeight - 3, "missing", size: 10, fill: ChartStyle.color(s))
                }
                frame.canvas.raw("</g>")
            }
            labels.append((name, top + (groupHeight - gap) / 2))
        }
        frame.categoryAxis(labels)
        frame.legend(series.indices.map { (series[$0], .bar(index: $0)) })
        return frame.canvas.render(
            title: title,
            description: "Horizontal bars of \(xLabel) per case, one bar per "
                + series.joined(separator: ", "))
    }
}

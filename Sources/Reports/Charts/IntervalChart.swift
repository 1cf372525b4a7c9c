/// Horizontal error bars: one row per item (e.g. a compared case), a point estimate
/// with its confidence interval, a solid line at zero and dashed lines at ± a threshold.
/// Points are grouped into named classes (e.g. verdicts), each with its own marker.
struct IntervalChart {
    struct Row {
        var label: String
        var estimate: Double
        var low: Double
        var high: Double
        /// Index into `classes`.
        var classIndex: Int
    }

    var title: String
    var xLabel: String
    var rows: [Row]
    var classes: [String]
    var threshold: Double?
    var xFormat: (Double) -> String = HumanFormat.number

    func svg() -> String {
        let rowHeight = 20.0
        let longest = rows.map(\.label.count).max() ?? 10
        let left = min(370, max(90, Double(min(longest, 56)) * 6.4 + 16))
        let height = max(280, 48 + 62 + rowHeight * Double(rows.count) + 10)
        var frame = ChartFrame(width: 840, height: height, left: left, right: 170)
        var extent = rows.flatMap { [$0.low, $0.high, $0.estimate] }.filter(\.isFinite) + [0]
        if let t = threshold { extent += [t, -t] }
        let xScale = ChartScale(values: extent, start: frame.left + 6, end: frame.right - 6, log: false)
        frame.title(title)
        frame.xAxis(xScale, label: xLabel, format: xFormat)
        let zero = xScale.map(0)
        frame.canvas.line(zero, frame.top, zero, frame.bottom, stroke: "#333", width: 1.2)
        if let t = threshold {
            for v in [t, -t] {
                frame.canvas.line(
                    xScale.map(v), frame.top, xScale.map(v), frame.bottom, stroke: "#777", width: 1.2, dash: "6 4")
            }
        }
        var labels: [(String, Double)] = []
        for (i, row) in rows.enumerated() {
            let y = frame.top + 10 + rowHeight * Double(i)
            let color = ChartStyle.color(row.classIndex)
            let name = row.classIndex < classes.count ? classes[row.classIndex] : ""
            frame.canvas.raw("<g class=\"interval\" data-series=\"\(SVGCanvas.escape(name))\">")
            if row.low.isFinite && row.high.isFinite {
                let x1 = xScale.map(row.low), x2 = xScale.map(row.high)
                frame.canvas.line(x1, y, x2, y, stroke: color, width: 2)
                frame.canvas.line(x1, y - 5, x1, y + 5, stroke: color, width: 2)
                frame.canvas.line(x2, y - 5, x2, y + 5, stroke: color, width: 2)
            }
            if row.estimate.isFinite {
                frame.canvas.marker(ChartStyle.marker(row.classIndex), xScale.map(row.estimate), y, color: color)
            }
            frame.canvas.raw("</g>")
            labels.append((row.label, y))
        }
        frame.categoryAxis(labels)
        frame.legend(classes.indices.map { (classes[$0], .marker(ChartStyle.marker($0), color: ChartStyle.color($0))) })
        return frame.canvas.render(
            title: title,
            description: "Per-item \(xLabel) with confidence intervals; classes: "
                + classes.joined(separator: ", "))
    }
}

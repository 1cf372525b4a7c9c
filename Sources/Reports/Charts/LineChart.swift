/// A line chart of several series, e.g. median time against sequence length per
/// algorithm. Each axis is logarithmic when its values span more than a decade.
struct LineChart {
    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var xFormat: (Double) -> String = HumanFormat.number
    var yFormat: (Double) -> String = HumanFormat.number
    /// Tick at each distinct x value (when there are few), instead of round numbers.
    var ticksAtData = true

    func svg() -> String {
        // Tall enough for the legend (20 px an entry).
        var frame = ChartFrame(width: 760, height: max(460, 48 + 30 + 20 * Double(series.count) + 62))
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) }
        let xScale = ChartScale(values: xs, start: frame.left + 10, end: frame.right - 10)
        let yScale = ChartScale(values: ys, start: frame.bottom, end: frame.top, includeZero: true)
        let distinctX = Array(Set(xs)).sorted()
        frame.title(title)
        frame.xAxis(
            xScale, label: xLabel + (xScale.isLog ? " (log scale)" : ""),
            ticks: ticksAtData && distinctX.count <= 12 ? distinctX : nil, format: xFormat)
        frame.yAxis(yScale, label: yLabel + (yScale.isLog ? " (log scale)" : ""), format: yFormat)
        for (i, s) in series.enumerated() {
            let pts = s.points.sorted { $0.x < $1.x }.map { (xScale.map($0.x), yScale.map($0.y)) }
            frame.canvas.raw("<g class=\"series\" data-series=\"\(SVGCanvas.escape(s.name))\">")
            frame.canvas.polyline(pts, stroke: ChartStyle.color(i), dash: ChartStyle.dash(i))
            for p in pts { frame.canvas.marker(ChartStyle.marker(i), p.0, p.1, color: ChartStyle.color(i)) }
            frame.canvas.raw("</g>")
        }
        frame.legend(series.indices.map { (series[$0].name, .line(index: $0)) })
        return frame.canvas.render(
            title: title,
            description: "Line chart: \(yLabel) against \(xLabel) for "
                + series.map(\.name).joined(separator: ", "))
    }
}

/// The parts every chart shares: the canvas, the plot rectangle, title, axes with tick
/// labels and units, grid lines, and a legend to the right of the plot.
struct ChartFrame {
    /// How a legend entry is drawn.
    enum LegendSymbol {
        case line(index: Int)
        case bar(index: Int)
        case marker(ChartStyle.Marker, color: String)
        /// A roofline's roof: solid for the measured machine, dashed for comparison profiles.
        case roof(dashed: Bool)
    }

    var canvas: SVGCanvas
    let left: Double, top: Double, right: Double, bottom: Double

    init(width: Double, height: Double, left: Double = 80, right: Double = 210, top: Double = 48, bottom: Double = 62) {
        canvas = SVGCanvas(width: width, height: height)
        canvas.addDef(ChartStyle.patternDefs().joined(separator: "\n"))
        self.left = left
        self.top = top
        self.right = width - right
        self.bottom = height - bottom
    }

    mutating func title(_ text: String) {
        canvas.text(canvas.width / 2, 26, text, size: 16, anchor: .middle, bold: true)
    }

    mutating func xAxis(_ scale: ChartScale, label: String, ticks: [Double]? = nil, format: (Double) -> String) {
        canvas.line(left, bottom, right, bottom, stroke: "#333")
        for t in ticks ?? scale.ticks() {
            let x = scale.map(t)
            guard x >= left - 0.5 && x <= right + 0.5 else { continue }
            canvas.line(x, top, x, bottom, stroke: "#e3e3e3")
            canvas.line(x, bottom, x, bottom + 5, stroke: "#333")
            canvas.text(x, bottom + 18, format(t), size: 11, anchor: .middle)
        }
        canvas.text((left + right) / 2, bottom + 44, label, size: 13, anchor: .middle)
    }

    mutating func yAxis(_ scale: ChartScale, label: String, format: (Double) -> String) {
        canvas.line(left, top, left, bottom, stroke: "#333")
        for t in scale.ticks() {
            let y = scale.map(t)
            guard y >= top - 0.5 && y <= bottom + 0.5 else { continue }
            canvas.line(left, y, right, y, stroke: "#e3e3e3")
            canvas.line(left - 5, y, left, y, stroke: "#333")
            canvas.text(left - 8, y + 4, format(t), size: 11, anchor: .end)
        }
        canvas.text(18, (top + bottom) / 2, label, size: 13, anchor: .middle, rotate: -90)
    }

    /// Category labels along the left edge (horizontal charts).
    mutating func categoryAxis(_ labels: [(String, Double)]) {
        canvas.line(left, top, left, bottom, stroke: "#333")
        for (label, y) in labels {
            canvas.text(left - 8, y + 4, Self.truncate(label, 56), size: 11, anchor: .end)
        }
    }

    mutating func legend(_ entries: [(name: String, symbol: LegendSymbol)], heading: String? = nil) {
        var y = top + 6
        let x = right + 18
        if let heading {
            canvas.text(x, y + 4, heading, size: 12, bold: true)
            y += 20
        }
        for (name, symbol) in entries {
            switch symbol {
            case let .line(i):
                canvas.line(x, y, x + 30, y, stroke: ChartStyle.color(i), width: 2, dash: ChartStyle.dash(i))
                canvas.marker(ChartStyle.marker(i), x + 15, y, color: ChartStyle.color(i))
            case let .bar(i):
                canvas.rect(x + 4, y - 7, 22, 14, fill: ChartStyle.barFill(i), stroke: ChartStyle.color(i))
            case let .marker(shape, color):
                canvas.marker(shape, x + 15, y, color: color)
            case let .roof(dashed):
                canvas.line(
                    x, y, x + 30, y, stroke: dashed ? "#777" : "#222", width: dashed ? 1.5 : 2.5,
                    dash: dashed ? "7 4" : nil)
            }
            canvas.text(x + 38, y + 4, Self.truncate(name, 26), size: 11)
            y += 20
        }
    }

    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

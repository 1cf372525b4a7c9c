import Foundation

/// A roofline (Williams, Waterman & Patterson 2009), log–log: arithmetic intensity
/// (FLOPs per byte of main-memory traffic) against achieved GFLOP/s, one point per case,
/// under each machine's roof: the bandwidth diagonal (GFLOP/s = GB/s × intensity) up to
/// the ridge, then the compute peak. The measured machine's roof is solid; comparison
/// profiles (A100, H100, H200) are dashed.
///
/// Every point is a group translated to its position (`<g class="point"
/// transform="translate(x,y)" data-intensity=… data-gflops=…>`), and every roof a
/// polyline inside `<g class="roof" data-peak-gflops=… data-bandwidth-gbs=…>`, so tests
/// and scripts can check the picture against the numbers.
struct RooflineChart {
    struct Point {
        /// FLOPs per byte.
        var intensity: Double
        var gflops: Double
        /// Index into `series`.
        var series: Int
        /// Full case label (shown as the point's tooltip).
        var label: String
        var caseID: String
    }

    struct Roof {
        var name: String
        /// GFLOP/s.
        var peak: Double
        /// GB/s.
        var bandwidth: Double
        var dashed: Bool
    }

    var title: String
    var series: [String]
    var points: [Point]
    var roofs: [Roof]
    /// A line under the title, e.g. which ceilings are drawn or why none are.
    var subtitle: String?

    func svg() -> String {
        let legendRows = Double(series.count + roofs.count + 2)
        var frame = ChartFrame(width: 820, height: max(520, 70 + 30 + 20 * legendRows + 62), right: 250, top: 70)
        let xs = points.map(\.intensity) + roofs.map { $0.peak / $0.bandwidth }
        let xScale = ChartScale(
            values: xs.isEmpty ? [0.1, 100] : xs, start: frame.left + 10, end: frame.right - 10,
            log: true)
        // The roof's diagonal starts at the left edge; include where it enters, unless far below every point.
        let lowest = points.map(\.gflops).min()
        let entries = roofs.map { $0.bandwidth * xScale.low }.map { e in lowest.map { max(e, $0 / 10) } ?? e }
        let ys = points.map(\.gflops) + roofs.map(\.peak) + entries
        let yScale = ChartScale(values: ys.isEmpty ? [1, 100] : ys, start: frame.bottom, end: frame.top, log: true)
        frame.title(title)
        if let subtitle {
            frame.canvas.text(frame.canvas.width / 2, 46, subtitle, size: 11, anchor: .middle, fill: "#555")
        }
        frame.xAxis(
            xScale, label: "arithmetic intensity (FLOP per modeled HBM byte, log scale)", format: HumanFormat.number)
        frame.yAxis(yScale, label: "achieved GFLOP/s (log scale)", format: HumanFormat.number)
        for roof in roofs { draw(roof, &frame, xScale, yScale) }
        for p in points {
            let x = xScale.map(p.intensity), y = yScale.map(p.gflops)
            let position = "translate(\(SVGCanvas.num(x)),\(SVGCanvas.num(y)))"
            frame.canvas.raw(
                "<g class=\"point\" data-series=\"\(SVGCanvas.escape(series[p.series]))\" "
                    + "data-case=\"\(SVGCanvas.escape(p.caseID))\" data-intensity=\"\(p.intensity)\" "
                    + "data-gflops=\"\(p.gflops)\" transform=\"\(position)\"><title>\(SVGCanvas.escape(p.label))</title>"
            )
            frame.canvas.marker(Self.marker(p.series), 0, 0, color: ChartStyle.color(p.series))
            frame.canvas.raw("</g>")
        }
        var legend: [(name: String, symbol: ChartFrame.LegendSymbol)] = series.indices.map {
            (series[$0], .marker(Self.marker($0), color: ChartStyle.color($0)))
        }
        legend += roofs.map { ($0.name, .roof(dashed: $0.dashed)) }
        frame.legend(legend)
        let roofText = roofs.map {
            "\($0.name) (\(HumanFormat.number($0.peak)) GFLOP/s, \(HumanFormat.number($0.bandwidth)) GB/s)"
        }
        return frame.canvas.render(
            title: title,
            description: "Roofline: achieved GFLOP/s against arithmetic intensity for "
                + "\(points.count) cases (\(series.joined(separator: ", "))); roofs: "
                + (roofText.isEmpty ? "none" : roofText.joined(separator: "; ")))
    }

    /// Marker of series `i`: shifted by one shape every time the colours wrap around, so
    /// series 8 is not drawn like series 0.
    static func marker(_ i: Int) -> ChartStyle.Marker {
        ChartStyle.marker(i + i / ChartStyle.colors.count)
    }

    /// The roof as one polyline: the bandwidth diagonal from where it enters the plot to
    /// the ridge, then the peak to the right edge.
    private func draw(_ roof: Roof, _ frame: inout ChartFrame, _ xScale: ChartScale, _ yScale: ChartScale) {
        guard roof.peak > 0, roof.bandwidth > 0 else { return }
        let ridge = roof.peak / roof.bandwidth
        let xStart = max(xScale.low, yScale.low / roof.bandwidth)
        var data: [(Double, Double)] = []
        if ridge > xStart { data.append((xStart, roof.bandwidth * xStart)) }
        data.append((max(min(ridge, xScale.high), xScale.low), min(roof.peak, roof.bandwidth * xScale.high)))
        if ridge < xScale.high { data.append((xScale.high, roof.peak)) }
        let pixels = data.map { (xScale.map($0.0), yScale.map($0.1)) }
        let color = roof.dashed ? "#777" : "#222"
        frame.canvas.raw(
            "<g class=\"roof\" data-name=\"\(SVGCanvas.escape(roof.name))\" data-peak-gflops=\"\(roof.peak)\" "
                + "data-bandwidth-gbs=\"\(roof.bandwidth)\" data-dashed=\"\(roof.dashed)\">")
        frame.canvas.polyline(pixels, stroke: color, width: roof.dashed ? 1.5 : 2.5, dash: roof.dashed ? "7 4" : nil)
        if let last = pixels.last {
            frame.canvas.text(
                last.0 - 4, last.1 + 14, "\(roof.name): \(HumanFormat.number(roof.peak)) GFLOP/s", size: 10,
                anchor: .end, fill: color)
        }
        if let first = pixels.first, ridge > xStart {
            frame.canvas.text(
                first.0 + 4, first.1 - 6, "\(HumanFormat.number(roof.bandwidth)) GB/s", size: 10, fill: color)
        }
        frame.canvas.raw("</g>")
    }
}

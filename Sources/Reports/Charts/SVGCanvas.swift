import Foundation

/// A minimal SVG writer: elements are appended as text, every string is XML-escaped,
/// numbers are written with two decimals. Hand-written so reports need no plotting
/// dependency; the output is plain SVG 1.1 that browsers, GitHub and rsvg render.
struct SVGCanvas {
    let width: Double
    let height: Double
    private var defs: [String] = []
    private var body: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    static func num(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let text = String(format: "%.2f", v)
        return text.hasSuffix(".00") ? String(text.dropLast(3)) : text
    }

    mutating func addDef(_ raw: String) { defs.append(raw) }

    mutating func raw(_ element: String) { body.append(element) }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000",
        width: Double = 1, dash: String? = nil
    ) {
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append(
            "<line x1=\"\(Self.num(x1))\" y1=\"\(Self.num(y1))\" x2=\"\(Self.num(x2))\" y2=\"\(Self.num(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.num(width))\"\(d)/>"
        )
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
        guard points.count > 1 else { return }
        let pts = points.map { "\(Self.num($0.0)),\(Self.num($0.1))" }.joined(separator: " ")
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append(
            "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.num(width))\"\(d)/>")
    }

    mutating func rect(
        _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String = "none",
        strokeWidth: Double = 1
    ) {
        body.append(
            "<rect x=\"\(Self.num(x))\" y=\"\(Self.num(y))\" width=\"\(Self.num(max(0, w)))\" height=\"\(Self.num(max(0, h)))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(Self.num(strokeWidth))\"/>"
        )
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(
        _ x: Double, _ y: Double, _ string: String, size: Double = 12, anchor: Anchor = .start,
        rotate: Double? = nil, bold: Bool = false, fill: String = "#222"
    ) {
        let transform = rotate.map { " transform=\"rotate(\(Self.num($0)) \(Self.num(x)) \(Self.num(y)))\"" } ?? ""
        let weight = bold ? " font-weight=\"bold\"" : ""
        body.append(
            "<text x=\"\(Self.num(x))\" y=\"\(Self.num(y))\" font-size=\"\(Self.num(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\"\(weight)\(transform)>\(Self.escape(string))</text>"
        )
    }

    /// Draws a series marker (shape from `ChartStyle`).
    mutating func marker(_ shape: ChartStyle.Marker, _ x: Double, _ y: Double, color: String, size: Double = 4.5) {
        let s = size, n = Self.num
        switch shape {
        case .circle:
            body.append("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(s))\" fill=\"\(color)\" stroke=\"\(color)\"/>")
        case .square:
            rect(x - s, y - s, 2 * s, 2 * s, fill: color, stroke: color)
        case .triangle:
            body.append(
                "<polygon points=\"\(n(x)),\(n(y - s * 1.2)) \(n(x - s * 1.1)),\(n(y + s * 0.9)) \(n(x + s * 1.1)),\(n(y + s * 0.9))\" fill=\"\(color)\"/>"
            )
        case .diamond:
            body.append(
                "<polygon points=\"\(n(x)),\(n(y - s * 1.3)) \(n(x + s * 1.1)),\(n(y)) \(n(x)),\(n(y + s * 1.3)) \(n(x - s * 1.1)),\(n(y))\" fill=\"\(color)\"/>"
            )
        case .openCircle:
            body.append(
                "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(s))\" fill=\"white\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            )
        case .openSquare:
            rect(x - s, y - s, 2 * s, 2 * s, fill: "white", stroke: color, strokeWidth: 2)
        case .cross:
            line(x - s, y - s, x + s, y + s, stroke: color, width: 2.5)
            line(x - s, y + s, x + s, y - s, stroke: color, width: 2.5)
        case .triangleDown:
            body.append(
                "<polygon points=\"\(n(x)),\(n(y + s * 1.2)) \(n(x - s * 1.1)),\(n(y - s * 0.9)) \(n(x + s * 1.1)),\(n(y - s * 0.9))\" fill=\"\(color)\"/>"
            )
        }
    }

    /// The finished document. `title` becomes both the visible heading and the
    /// accessible `<title>`; `description` the `<desc>`.
    func render(title: String, description: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.num(width))\" height=\"\(Self.num(height))\" viewBox=\"0 0 \(Self.num(width)) \(Self.num(height))\" role=\"img\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        out += "<title>\(Self.escape(title))</title>\n<desc>\(Self.escape(description))</desc>\n"
        if !defs.isEmpty { out += "<defs>\n" + defs.joined(separator: "\n") + "\n</defs>\n" }
        out += "<rect x=\"0\" y=\"0\" width=\"\(Self.num(width))\" height=\"\(Self.num(height))\" fill=\"white\"/>\n"
        out += body.joined(separator: "\n")
        out += "\n</svg>\n"
        return out
    }
}

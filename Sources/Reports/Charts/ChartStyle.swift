/// How series are told apart without relying on colour: each series index gets a
/// colour (Okabe–Ito, safe for colour-vision deficiencies), a marker shape and a dash
/// pattern, and bars get a fill pattern; the legend repeats all of them.
enum ChartStyle {
    enum Marker: CaseIterable { case circle, square, triangle, diamond, openCircle, openSquare, cross, triangleDown }

    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    static let dashes: [String?] = [nil, "8 4", "2 3", "10 3 2 3", "4 4", "12 4 2 4 2 4"]

    static func color(_ i: Int) -> String { colors[i % colors.count] }
    static func marker(_ i: Int) -> Marker { Marker.allCases[i % Marker.allCases.count] }
    static func dash(_ i: Int) -> String? { dashes[i % dashes.count] }

    /// Number of distinct bar fills (`barFill`).
    static let patternCount = 6

    /// `<pattern>` definitions for bar fills; reference them with `barFill(i)`.
    static func patternDefs() -> [String] {
        (0..<patternCount).map { i in
            let c = color(i)
            let inner: String
            switch i {
            case 0: inner = "<rect width=\"8\" height=\"8\" fill=\"\(c)\"/>"
            case 1:
                inner =
                    "<rect width=\"8\" height=\"8\" fill=\"white\"/><path d=\"M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6\" stroke=\"\(c)\" stroke-width=\"2\"/>"
            case 2:
                inner =
                    "<rect width=\"8\" height=\"8\" fill=\"white\"/><circle cx=\"4\" cy=\"4\" r=\"2\" fill=\"\(c)\"/>"
            case 3:
                inner =
                    "<rect width=\"8\" height=\"8\" fill=\"white\"/><path d=\"M0,0 L8,8 M0,8 L8,0\" stroke=\"\(c)\" stroke-width=\"1.5\"/>"
            case 4:
                inner =
                    "<rect width=\"8\" height=\"8\" fill=\"white\"/><path d=\"M0,4 L8,4\" stroke=\"\(c)\" stroke-width=\"2\"/>"
            default:
                inner =
                    "<rect width=\"8\" height=\"8\" fill=\"white\"/><path d=\"M4,0 L4,8\" stroke=\"\(c)\" stroke-width=\"2\"/>"
            }
            return
                "<pattern id=\"fill\(i)\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">\(inner)</pattern>"
        }
    }

    static func barFill(_ i: Int) -> String { "url(#fill\(i % patternCount))" }
}

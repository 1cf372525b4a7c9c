import Harness

/// One chart ready to be written next to report.md (and embedded as `![title](name)`).
public struct ChartFile: Equatable, Sendable {
    /// File name, e.g. `time-vs-seq-len.svg`.
    public var name: String
    public var title: String
    public var svg: String
    /// Names of the series (or bar groups) drawn, for the legend and for tests.
    public var seriesNames: [String]

    public init(name: String, title: String, svg: String, seriesNames: [String]) {
        self.name = name
        self.title = title
        self.svg = svg
        self.seriesNames = seriesNames
    }
}

/// A unit for a set of durations, chosen so axis numbers are readable.
struct TimeUnit {
    let divisor: Double
    let symbol: String

    /// ns, µs, ms or s, by the median magnitude of `ns`.
    static func pick(_ ns: [Double]) -> TimeUnit {
        let typical = Quantile.median(ns.filter(\.isFinite))
        if !(typical >= 1e3) { return TimeUnit(divisor: 1, symbol: "ns") }
        if typical < 1e6 { return TimeUnit(divisor: 1e3, symbol: "µs") }
        if typical < 1e9 { return TimeUnit(divisor: 1e6, symbol: "ms") }
        return TimeUnit(divisor: 1e9, symbol: "s")
    }
}

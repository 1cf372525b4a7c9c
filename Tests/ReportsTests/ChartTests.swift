import Foundation
import Harness
import TestFixtures
import XCTest

@testable import Reports

#if canImport(FoundationXML)
import FoundationXML
#endif

final class ChartTests: XCTestCase {
    /// Collects `data-series` attributes and text while checking well-formedness.
    final class Collector: NSObject, XMLParserDelegate {
        var series = Set<String>()
        var text = ""
        var root: String?
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root == nil { root = name }
            if let s = attributes["data-series"] { series.insert(s) }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(
            parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))", file: file, line: line)
        XCTAssertEqual(collector.root, "svg", file: file, line: line)
        return collector
    }

    func check(_ chart: ChartFile, expectedSeries: [String], file: StaticString = #filePath, line: UInt = #line) {
        let parsed = parse(chart.svg, file: file, line: line)
        XCTAssertEqual(parsed.series, Set(expectedSeries), chart.name, file: file, line: line)
        for name in expectedSeries {
            XCTAssertTrue(parsed.text.contains(String(name.prefix(25))), "legend lacks \(name)", file: file, line: line)
        }
        XCTAssertTrue(parsed.text.contains(chart.title), "title", file: file, line: line)
    }

    func testRunChartsAreWellFormedWithExpectedSeries() throws {
        let run = Fixture.syntheticRun(Fixture.matrix(), seed: 3)
        let charts = RunCharts.charts(for: run)
        XCTAssertEqual(charts.map(\.name), ["time-vs-seq-len.svg", "hbm-traffic.svg", "fp8-error.svg", "roofline.svg"])
        let time = try XCTUnwrap(charts.first { $0.name == RunCharts.timeChartName })
        check(time, expectedSeries: time.seriesNames)
        for algorithm in ["three-pass", "online", "flash", "flash-v1"] {
            XCTAssertTrue(time.seriesNames.contains { $0.hasPrefix(algorithm) }, "series for \(algorithm)")
        }
        XCTAssertTrue(time.svg.contains("(log scale)"), "seq_len 256…2048 spans under a decade but time spans more")
        XCTAssertTrue(time.svg.contains("stroke-dasharray"), "series differ by dash pattern too")
        check(
            try XCTUnwrap(charts.first { $0.name == RunCharts.trafficChartName }),
            expectedSeries: ["HBM reads", "HBM writes"])
        let fp8 = try XCTUnwrap(charts.first { $0.name == RunCharts.fp8ChartName })
        check(fp8, expectedSeries: ["tensor", "head", "block", "block + incoherent", "tensor + incoherent"])
        XCTAssertTrue(fp8.svg.contains("fp8-e4m3") && fp8.svg.contains("fp8-e5m2"))
        XCTAssertTrue(fp8.svg.contains("RMSE (median over cases) (log scale)"))
    }

    func testChartsAreSkippedWithoutData() {
        let run = Fixture.syntheticRun([Fixture.Spec()], seed: 1)
        XCTAssertEqual(
            RunCharts.charts(for: run).map(\.name), ["hbm-traffic.svg", "roofline.svg"], "one length, no FP8")
        var empty = run
        empty.cases = []
        XCTAssertEqual(RunCharts.charts(for: empty).map(\.name), [], "no case and no measured peak: no roofline")
    }

    func testComparisonChart() throws {
        let specs = Array(Fixture.matrix().prefix(12))
        let base = Fixture.syntheticRun(specs, seed: 1)
        let current = Fixture.syntheticRun(specs, seed: 2, slowdown: [specs[1].id: 1.2, specs[2].id: 0.7])
        let chart = try XCTUnwrap(ComparisonChart.chart(Comparison(base: base, current: current)))
        check(chart, expectedSeries: ["slower", "faster", "unchanged"])
        XCTAssertTrue(chart.svg.contains(specs[1].id))
    }

    func testEscapingInLabels() {
        var spec = Fixture.Spec()
        spec.algorithm = "a<b>&\"c\""
        var other = spec
        other.seqLen = 4096
        let chart = RunCharts.timeChart(Fixture.syntheticRun([spec, other], seed: 1))
        XCTAssertNotNil(chart.map { parse($0.svg) })
    }

    func testChartsRenderWithRsvgConvert() throws {
        let candidates = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert", "/opt/homebrew/bin/rsvg-convert"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("rsvg-convert not installed (apt-get install librsvg2-bin): SVG rendering not checked")
        }
        let specs = Fixture.matrix()
        let run = Fixture.syntheticRun(specs, seed: 4)
        var charts = RunCharts.charts(for: run)
        let compare = Comparison(base: Fixture.syntheticRun(specs, seed: 5), current: run)
        charts.append(try XCTUnwrap(ComparisonChart.chart(compare)))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attnbench-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for chart in charts {
            let svg = dir.appendingPathComponent(chart.name)
            try chart.svg.write(to: svg, atomically: true, encoding: .utf8)
            let png = dir.appendingPathComponent(chart.name + ".png")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["-o", png.path, svg.path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertEqual(process.terminationStatus, 0, "\(chart.name): \(message)")
            let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size, 1000, chart.name)
        }
    }
}

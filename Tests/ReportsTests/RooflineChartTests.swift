import AttentionKernels
import Foundation
import Harness
import TestFixtures
import XCTest

@testable import Reports

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The roofline SVG: well-formed, one point per case at its intensity and GFLOP/s on
/// log–log axes, the measured roof bending at peak / bandwidth, comparison roofs dashed.
final class RooflineChartTests: XCTestCase {
    struct Point { var caseID: String; var intensity: Double; var gflops: Double; var x: Double; var y: Double }
    struct Roof {
        var name: String; var peak: Double; var bandwidth: Double; var dashed: Bool; var pixels: [(Double, Double)]
    }

    /// Reads points (their translate) and roofs (their polyline) while checking well-formedness.
    final class Reader: NSObject, XMLParserDelegate {
        var points: [Point] = []
        var roofs: [Roof] = []
        var titles = 0
        private var inRoof = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes a: [String: String] = [:]
        ) {
            if name == "g", a["class"] == "point", let t = a["transform"] {
                let numbers = t.dropFirst("translate(".count).dropLast().split(separator: ",").compactMap { Double($0) }
                points.append(
                    Point(
                        caseID: a["data-case"] ?? "", intensity: Double(a["data-intensity"] ?? "") ?? .nan,
                        gflops: Double(a["data-gflops"] ?? "") ?? .nan, x: numbers.first ?? .nan,
                        y: numbers.last ?? .nan))
            }
            if name == "g", a["class"] == "roof" {
                inRoof = true
                roofs.append(
                    Roof(
                        name: a["data-name"] ?? "", peak: Double(a["data-peak-gflops"] ?? "") ?? .nan,
                        bandwidth: Double(a["data-bandwidth-gbs"] ?? "") ?? .nan, dashed: a["data-dashed"] == "true",
                        pixels: []))
            }
            if name == "polyline", inRoof, let pts = a["points"], !roofs.isEmpty {
                roofs[roofs.count - 1].pixels = pts.split(separator: " ").map { pair in
                    let xy = pair.split(separator: ",").compactMap { Double($0) }
                    return (xy.first ?? .nan, xy.last ?? .nan)
                }
            }
            if name == "title" { titles += 1 }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "g" { inRoof = false }
        }
    }

    static func read(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> Reader {
        let parser = XMLParser(data: Data(svg.utf8))
        let reader = Reader()
        parser.delegate = reader
        XCTAssertTrue(
            parser.parse(), "not well-formed: \(String(describing: parser.parserError))", file: file, line: line)
        return reader
    }

    /// pixel = a + b·log10(value), fitted on two values, checked on all.
    struct LogAxis {
        var a: Double, b: Double
        init(_ v1: Double, _ p1: Double, _ v2: Double, _ p2: Double) {
            b = (p2 - p1) / (log10(v2) - log10(v1))
            a = p1 - b * log10(v1)
        }
        func pixel(_ v: Double) -> Double { a + b * log10(v) }
        func value(_ p: Double) -> Double { pow(10, (p - a) / b) }
    }

    static let peaks = HostPerformance(
        peakFlops: 1.2e11, bandwidthBytesPerSecond: 2e10, measuredAt: "2026-01-01T00:00:00Z")

    func machineRun() -> RunRecord {
        var run = Fixture.syntheticRun(Fixture.matrix(), seed: 4, count: 5)
        run.environment.hostProfile = Self.peaks
        return run
    }

    func testPointsAndRoofsSitWhereTheNumbersSay() throws {
        let run = machineRun()
        let chart = try XCTUnwrap(
            RooflineCharts.charts(for: run, profiles: [try XCTUnwrap(HardwareProfile.builtIn(named: "h100"))]).first)
        XCTAssertEqual(chart.name, "roofline.svg")
        let svg = Self.read(chart.svg)
        // One point per case, carrying its own numbers.
        XCTAssertEqual(svg.points.count, run.cases.count)
        let byID = Dictionary(uniqueKeysWithValues: run.cases.map { ($0.id, $0) })
        for p in svg.points {
            let c = try XCTUnwrap(byID[p.caseID], p.caseID)
            XCTAssertEqual(p.intensity, c.derived.arithmeticIntensity)
            XCTAssertEqual(p.gflops, c.derived.gflops)
        }
        // Both axes are logarithmic: positions are affine in log10 of the values.
        let lo = try XCTUnwrap(svg.points.min { $0.intensity < $1.intensity })
        let hi = try XCTUnwrap(svg.points.max { $0.intensity < $1.intensity })
        let slow = try XCTUnwrap(svg.points.min { $0.gflops < $1.gflops })
        let fast = try XCTUnwrap(svg.points.max { $0.gflops < $1.gflops })
        XCTAssertGreaterThan(hi.intensity / lo.intensity, 2, "the fixture spreads intensities")
        let x = LogAxis(lo.intensity, lo.x, hi.intensity, hi.x), y = LogAxis(slow.gflops, slow.y, fast.gflops, fast.y)
        XCTAssertGreaterThan(x.b, 0, "intensity grows to the right")
        XCTAssertLessThan(y.b, 0, "GFLOP/s grows upwards")
        for p in svg.points {
            XCTAssertEqual(p.x, x.pixel(p.intensity), accuracy: 0.02, p.caseID)
            XCTAssertEqual(p.y, y.pixel(p.gflops), accuracy: 0.02, p.caseID)
        }
        // The measured roof: bandwidth diagonal up to the ridge at 120/20 = 6 FLOP/B, then flat at 120 GFLOP/s.
        XCTAssertEqual(svg.roofs.map(\.name), ["bench-host, 1 core", "H100 FP32"])
        let host = svg.roofs[0]
        XCTAssertEqual(host.peak, 120)
        XCTAssertEqual(host.bandwidth, 20)
        XCTAssertFalse(host.dashed)
        XCTAssertEqual(host.pixels.count, 3)
        let ridge = host.pixels[1], end = host.pixels[2], start = host.pixels[0]
        XCTAssertEqual(ridge.0, x.pixel(6), accuracy: 0.02)
        XCTAssertEqual(ridge.1, y.pixel(120), accuracy: 0.02)
        XCTAssertEqual(end.1, ridge.1, "flat after the ridge")
        XCTAssertEqual(y.value(start.1) / x.value(start.0), 20, accuracy: 0.01, "the diagonal is 20 GB/s × intensity")
        // H100 FP32: 67 TFLOP/s over 3.35 TB/s, dashed, ridge at 20 FLOP/B.
        let h100 = svg.roofs[1]
        XCTAssertTrue(h100.dashed)
        XCTAssertEqual(h100.peak, 67_000)
        let h100Ridge = try XCTUnwrap(h100.pixels.first { abs($0.1 - y.pixel(67_000)) < 0.02 })
        XCTAssertEqual(h100Ridge.0, x.pixel(20), accuracy: 0.02)
        XCTAssertTrue(chart.svg.contains("stroke-dasharray=\"7 4\""))
        XCTAssertEqual(svg.titles, 1 + run.cases.count, "the chart's title and one tooltip per point")
    }

    func testARecordWithoutPeaksDrawsPointsAndSaysSo() throws {
        let run = Fixture.syntheticRun(Array(Fixture.matrix().prefix(6)), seed: 1)
        let chart = try XCTUnwrap(RooflineCharts.charts(for: run).first)
        let svg = Self.read(chart.svg)
        XCTAssertEqual(svg.points.count, 6)
        XCTAssertTrue(svg.roofs.isEmpty)
        XCTAssertTrue(chart.svg.contains("no measured peak in this record"))
    }

    func testAMergedRunOfTwoHostsGetsOneRooflinePerHost() throws {
        var a = machineRun(), b = machineRun()
        b.environment.host = "xeon/../1"
        b.environment.cpuModel = "Intel Xeon"
        b.environment.hostProfile = HostPerformance(peakFlops: 1.4e11, bandwidthBytesPerSecond: 1.4e10, measuredAt: "x")
        a.cases = Array(a.cases.prefix(4)).map {
            var c = $0; c.host = "bench-host"; return c
        }
        b.cases = Array(b.cases.dropFirst(4).prefix(3)).map {
            var c = $0; c.host = b.environment.host; return c
        }
        var merged = a
        merged.cases = a.cases + b.cases
        merged.shards = [MergedShard(source: "a", record: a), MergedShard(source: "b", record: b)]
        let charts = RooflineCharts.charts(for: merged)
        XCTAssertEqual(
            charts.map(\.name), ["roofline-bench-host.svg", "roofline-xeon_.._1.svg"], "a host name cannot pick a path")
        let second = Self.read(charts[1].svg)
        XCTAssertEqual(second.points.count, 3)
        XCTAssertEqual(second.roofs.first?.peak, 140)
        XCTAssertEqual(second.roofs.first?.bandwidth, 14)
    }
}

import Foundation
import Harness
import TestFixtures
import XCTest

@testable import Reports

/// `report --by host`: two runs whose records name different hosts and CPUs, side by side —
/// columns per machine, missing cases kept, ratios to the chosen reference, fingerprints,
/// charts with one series per machine, and outputs that never replace someone else's files.
final class FleetReportTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "attnbench-fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    static let specs = Array(Fixture.matrix().prefix(8))
    /// The case the Xeon did not run.
    static var missingID: String { specs[5].id }

    static func runs() -> [(source: String, record: RunRecord)] {
        var epyc = Fixture.syntheticRun(specs, seed: 1, count: 5, host: "epyc1")
        epyc.environment.hostProfile = HostPerformance(
            peakFlops: 1.168e11, bandwidthBytesPerSecond: 2.09e10,
            measuredAt: "2026-11-29T10:00:00Z")
        var xeon = Fixture.syntheticRun(
            specs, seed: 2, count: 5, slowdown: [specs[0].id: 1.6, specs[1].id: 0.5], host: "xeon1")
        xeon.environment.cpuModel = "Intel(R) Xeon(R) Platinum 8488C"
        xeon.environment.caches = ["L1d": 49152, "L2": 2_097_152, "L3": 110_100_480]
        xeon.environment.hostProfile = HostPerformance(
            peakFlops: 1.41e11, bandwidthBytesPerSecond: 1.4e10,
            measuredAt: "2026-11-30T10:00:00Z")
        xeon.cases.removeAll { $0.id == missingID }
        return [("runs/epyc", epyc), ("runs/xeon", xeon)]
    }

    func testColumnsPerMachineMissingCasesAndReferenceRatios() throws {
        let runs = Self.runs()
        let fleet = try FleetReport(runs: runs)
        XCTAssertEqual(fleet.machines.map(\.host), ["epyc1", "xeon1"])
        XCTAssertEqual(fleet.rows.count, Self.specs.count, "the union of cases: none dropped")
        let epyc = Dictionary(uniqueKeysWithValues: runs[0].record.cases.map { ($0.id, $0) })
        let xeon = Dictionary(uniqueKeysWithValues: runs[1].record.cases.map { ($0.id, $0) })
        for row in fleet.rows {
            let e = try XCTUnwrap(row.cells[0]), a = try XCTUnwrap(epyc[row.id])
            XCTAssertEqual(e.speedVersusReference, 1)
            XCTAssertEqual(
                try XCTUnwrap(e.percentOfPeak), try XCTUnwrap(a.derived.gflops) / 116.8 * 100, accuracy: 1e-9)
            guard let x = row.cells[1] else {
                XCTAssertEqual(row.id, Self.missingID)
                continue
            }
            let b = try XCTUnwrap(xeon[row.id])
            let expected =
                try XCTUnwrap(a.statistics["wall_ns"]?.median) / (try XCTUnwrap(b.statistics["wall_ns"]?.median))
            XCTAssertEqual(try XCTUnwrap(x.speedVersusReference), expected, accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(x.percentOfPeak), try XCTUnwrap(b.derived.gflops) / 141 * 100, accuracy: 1e-9)
        }
        XCTAssertNil(fleet.rows.first { $0.id == Self.missingID }?.cells[1])
        XCTAssertLessThan(try XCTUnwrap(fleet.rows[0].cells[1]?.speedVersusReference), 0.75, "1.6× slower on the Xeon")
        XCTAssertEqual(fleet.missingCount(of: 1), 1)

        let md = FleetMarkdownRenderer().render(fleet, charts: FleetCharts.charts(for: fleet))
        let header =
            "| epyc1 time | epyc1 GFLOP/s | epyc1 % peak | xeon1 time | xeon1 GFLOP/s | xeon1 % peak "
            + "| xeon1 vs epyc1 |"
        for text in [
            header,
            "Intel(R) Xeon(R) Platinum 8488C", "AMD EPYC 9R14", "117 GFLOP/s", "14 GB/s", "L2 2 MiB",
            "| missing | – | – | – |", "![Achieved GFLOP/s per machine](fleet-gflops.svg)",
            "(roofline-epyc1.svg)", "(roofline-xeon1.svg)", "Reference machine: **epyc1**"
        ] {
            XCTAssertTrue(md.contains(text), "fleet.md lacks \(text)\n\(md)")
        }
        let ratio = try XCTUnwrap(fleet.rows[0].cells[1]?.speedVersusReference)
        XCTAssertTrue(md.contains(HumanFormat.factor(ratio)), "the ratio as printed")
    }

    func testTheReferenceCanBeChosen() throws {
        let fleet = try FleetReport(runs: Self.runs(), reference: "xeon1")
        XCTAssertEqual(fleet.reference.host, "xeon1")
        let a = try XCTUnwrap(FleetReport(runs: Self.runs()).rows[0].cells[1]?.speedVersusReference)
        XCTAssertEqual(try XCTUnwrap(fleet.rows[0].cells[0]?.speedVersusReference), 1 / a, accuracy: 1e-12)
        XCTAssertEqual(
            fleet.rows.first { $0.id == Self.missingID }?.cells[0]?.speedVersusReference, nil,
            "no ratio where the reference lacks the case")
        XCTAssertThrowsError(try FleetReport(runs: Self.runs(), reference: "nohost")) {
            XCTAssertTrue("\($0)".contains("epyc1, xeon1"), "\($0)")
        }
    }

    func testCSVHasAColumnGroupPerMachine() throws {
        let table = try CSVReader.table(FleetCSVRenderer().render(try FleetReport(runs: Self.runs())))
        for host in ["epyc1", "xeon1"] {
            for metric in FleetCSVRenderer.machineMetrics { XCTAssertTrue(table.header.contains("\(metric)[\(host)]")) }
        }
        let id = try XCTUnwrap(table.header.firstIndex(of: "id"))
        let status = try XCTUnwrap(table.header.firstIndex(of: "status[xeon1]"))
        let median = try XCTUnwrap(table.header.firstIndex(of: "median_ns[xeon1]"))
        let missing = try XCTUnwrap(table.rows.first { $0[id] == Self.missingID })
        XCTAssertEqual(missing[status], "missing")
        XCTAssertEqual(missing[median], "", "missing values are empty, never 0")
        XCTAssertEqual(table.rows.count, Self.specs.count)
    }

    func testChartsHaveOneSeriesPerMachineAndMarkMissingCases() throws {
        let charts = FleetCharts.charts(for: try FleetReport(runs: Self.runs()))
        XCTAssertEqual(charts.map(\.name), ["fleet-gflops.svg", "roofline-epyc1.svg", "roofline-xeon1.svg"])
        let bars = charts[0]
        XCTAssertEqual(bars.seriesNames, ["epyc1", "xeon1"])
        XCTAssertEqual(bars.svg.components(separatedBy: "data-series=\"xeon1\"").count - 1, Self.specs.count)
        XCTAssertEqual(bars.svg.components(separatedBy: "data-value=\"missing\"").count - 1, 1)
        _ = RooflineChartTests.read(bars.svg)  // well-formed
        let xeonRoof = RooflineChartTests.read(charts[2].svg)
        XCTAssertEqual(xeonRoof.points.count, Self.specs.count - 1)
        XCTAssertEqual(xeonRoof.roofs.first?.peak, 141)
    }

    func testOneHostMeasuringACaseTwiceIsAnError() {
        let runs = Self.runs()
        XCTAssertThrowsError(try FleetReport(runs: [runs[0], ("runs/epyc-again", runs[0].record)])) {
            XCTAssertTrue("\($0)".contains("runs/epyc-again"), "\($0)")
        }
    }

    func testAMixedMergedRunSplitsByHost() throws {
        let runs = Self.runs()
        var a = runs[0].record, b = runs[1].record
        a.cases = Array(a.cases.prefix(4))
        b.cases = Array(b.cases.dropFirst(4))
        let merged = try RunRecord.merge([("a", a), ("b", b)], options: .init(allowMixed: true))
        XCTAssertEqual(merged.cases.count, Self.specs.count - 1)
        let fleet = try FleetReport(runs: [("merged", merged)])
        XCTAssertEqual(fleet.machines.map(\.host), ["epyc1", "xeon1"])
        XCTAssertEqual(fleet.machines[1].environment.cpuModel, "Intel(R) Xeon(R) Platinum 8488C")
        XCTAssertTrue(fleet.warnings.contains { $0.contains("--allow-mixed") })
        let md = try MarkdownRenderer().render(merged)
        XCTAssertTrue(md.contains("**Mixed run**"), "a mixed run says so at the top")
        XCTAssertTrue(md.contains("## Shards"))
        XCTAssertLessThan(
            try XCTUnwrap(md.range(of: "**Mixed run**")).lowerBound, try XCTUnwrap(md.range(of: "## Run")).lowerBound)
        let comparison = Comparison(base: runs[0].record, current: merged)
        XCTAssertTrue(
            comparison.warnings.contains(.mixedRun(run: "current", differences: ["cpu_model"])),
            "compare warns that the current run mixes machines")
    }

    func testWriterReplacesOnlyItsOwnFiles() throws {
        let fleet = try FleetReport(runs: Self.runs())
        let out = directory.appendingPathComponent("fleet")
        let written = try FleetWriter.write(fleet, to: out)
        XCTAssertEqual(
            written.map(\.lastPathComponent),
            [
                "fleet.md", "fleet.csv", "fleet-gflops.svg", "roofline-epyc1.svg",
                "roofline-xeon1.svg", "fleet.json"
            ])
        let document = try RecordJSON.decoder().decode(
            FleetDocument.self, from: Data(contentsOf: out.appendingPathComponent("fleet.json")))
        XCTAssertEqual(document.reference, "epyc1")
        XCTAssertEqual(document.cases.first { $0.id == Self.missingID }?.cells.map(\.status), ["ok", "missing"])
        XCTAssertNoThrow(try FleetWriter.write(fleet, to: out), "a fleet report may replace its own files")

        // Someone else's fleet.md is never replaced without force; a directory never.
        let foreign = directory.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: foreign.appendingPathComponent("fleet.md"))
        XCTAssertThrowsError(try FleetWriter.write(fleet, to: foreign)) {
            XCTAssertEqual($0 as? FleetOutputError, .wouldReplace(foreign.appendingPathComponent("fleet.md").path))
        }
        XCTAssertEqual(try String(contentsOf: foreign.appendingPathComponent("fleet.md"), encoding: .utf8), "mine")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: foreign.path), ["fleet.md"], "nothing written")
        XCTAssertNoThrow(try FleetWriter.write(fleet, to: foreign, force: true))
        let blocked = directory.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(
            at: blocked.appendingPathComponent("fleet.csv"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try FleetWriter.write(fleet, to: blocked, force: true)) {
            XCTAssertEqual($0 as? FleetOutputError, .notARegularFile(blocked.appendingPathComponent("fleet.csv").path))
        }
        let file = directory.appendingPathComponent("plain")
        try Data().write(to: file)
        XCTAssertThrowsError(try FleetWriter.write(fleet, to: file)) {
            XCTAssertEqual($0 as? FleetOutputError, .notADirectory(file.path))
        }
    }
}

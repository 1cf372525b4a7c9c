import Foundation
import Harness
import TestFixtures
import XCTest

@testable import Reports

final class BaselineAndWriterTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "attnbench-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testBaselineSaveLoadWithoutSamples() throws {
        let run = Fixture.syntheticRun(Array(Fixture.matrix().prefix(8)), seed: 1)
        let store = BaselineStore(root: directory)
        let file = try store.save(run, name: "ci")
        XCTAssertEqual(file.path, directory.appendingPathComponent("Results/baselines/ci.json").path)
        let loaded = try store.load(name: "ci")
        XCTAssertTrue(loaded.cases.allSatisfy { $0.samples.isEmpty })
        XCTAssertEqual(loaded.cases.map { $0.statistics["wall_ns"] }, run.cases.map { $0.statistics["wall_ns"] })
        XCTAssertEqual(loaded.cases.map(\.traffic), run.cases.map(\.traffic))
        XCTAssertEqual(try store.names(), ["ci"])
        let full = try store.save(run, name: "ci-full", withSamples: true)
        XCTAssertEqual(try store.load(name: "ci-full"), run)
        let small = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        let large = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: full.path)[.size] as? Int)
        XCTAssertLessThan(small, large)
        // The baseline compares cleanly against the run it came from.
        let c = Comparison(base: loaded, current: run)
        XCTAssertEqual(c.exitStatus, 0)
        XCTAssertEqual(c.count(.unchanged), 8)
    }

    func testStrippingComputesMissingSummaries() {
        var run = Fixture.syntheticRun([Fixture.Spec()], seed: 1)
        run.cases[0].statistics = [:]
        let stripped = BaselineStore.strippingSamples(run)
        XCTAssertNotNil(stripped.cases[0].statistics["wall_ns"])
        XCTAssertNotNil(stripped.cases[0].statistics["cpu_ns"])
        XCTAssertEqual(stripped.cases[0].statistics["wall_ns"]?.count, 20)
    }

    func testBaselineNamesAreValidated() {
        let store = BaselineStore(root: directory)
        for bad in ["", "../x", "a/b", ".hidden", "sp ace"] {
            XCTAssertThrowsError(try store.url(forName: bad), bad) {
                XCTAssertEqual($0 as? BaselineStore.Error, .invalidName(bad))
            }
        }
        XCTAssertThrowsError(try store.load(name: "nope")) {
            XCTAssertTrue("\($0)".contains("no baseline named \"nope\""), "\($0)")
        }
    }

    func testRunReferenceResolvesPathsAndBaselineNames() throws {
        let run = Fixture.syntheticRun(Array(Fixture.matrix().prefix(2)), seed: 1)
        let store = BaselineStore(root: directory)
        try store.save(run, name: "main")
        let runDir = directory.appendingPathComponent("Results/fixture/2025-01-02T030405Z-host")
        try RunRecordStore.write(run, toDirectory: runDir)
        XCTAssertEqual(try RunReference.load(runDir.path, baselines: store), run)
        XCTAssertEqual(try RunReference.load(runDir.appendingPathComponent("run.json").path, baselines: store), run)
        XCTAssertEqual(try RunReference.load("main", baselines: store).cases.count, 2)
        XCTAssertThrowsError(try RunReference.load("elsewhere", baselines: store)) {
            XCTAssertTrue("\($0)".contains("available: main"), "\($0)")
        }
    }

    func testReportWriterWritesEveryFileAndRegenerates() throws {
        let run = Fixture.syntheticRun(Fixture.matrix(), seed: 2)
        let runDir = directory.appendingPathComponent("run")
        let written = try ReportWriter.write(run, to: runDir)
        let names = Set(written.map(\.lastPathComponent))
        XCTAssertEqual(
            names,
            [
                "run.json", "results.csv", "report.md", "time-vs-seq-len.svg", "hbm-traffic.svg", "fp8-error.svg",
                "roofline.svg"
            ])
        try FileManager.default.removeItem(at: runDir.appendingPathComponent("report.md"))
        try FileManager.default.removeItem(at: runDir.appendingPathComponent("results.csv"))
        let (loaded, regenerated) = try ReportWriter.regenerate(runDirectory: runDir)
        XCTAssertEqual(loaded, run)
        XCTAssertFalse(regenerated.map(\.lastPathComponent).contains("run.json"), "run.json is the source, left alone")
        let md = try String(contentsOf: runDir.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertEqual(md, try MarkdownRenderer().render(run))
        let csv = try String(contentsOf: runDir.appendingPathComponent("results.csv"), encoding: .utf8)
        XCTAssertEqual(try CSVReader.table(csv).rows.count, 50)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: runDir.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temporary files")
    }

    func testComparisonWriter() throws {
        let specs = Array(Fixture.matrix().prefix(4))
        let comparison = Comparison(
            base: Fixture.syntheticRun(specs, seed: 1), current: Fixture.syntheticRun(specs, seed: 2))
        let written = try ComparisonWriter.write(comparison, to: directory.appendingPathComponent("cmp"))
        XCTAssertEqual(
            Set(written.map(\.lastPathComponent)),
            ["comparison.md", "comparison.csv", "comparison.json", "comparison.svg"])
    }
}

import Foundation
import Harness
import XCTest

/// End-to-end tests of `run`, `report`, `validate`, `list`, `merge` and `counters`
/// through the built executable, on tiny suites written into a temporary directory.
final class RunCommandTests: CLITestCase {
    func testRunWritesRecordCSVReportAndChartsAndReportRegeneratesThem() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let out = dir.appendingPathComponent("out")
        let r = try CLIRunner.run(["run", suite, "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let run = try CLIFixture.runDirectory(in: out, suite: "tiny")
        XCTAssertTrue(r.stdout.contains("tiny: 4 cases"), r.stdout)
        XCTAssertTrue(r.stdout.contains(run.lastPathComponent), r.stdout)
        // Progress goes to stderr, one line per case when it is not a terminal.
        XCTAssertTrue(r.stderr.contains("[4/4]"), r.stderr)

        // run.json: a complete (not partial) record with every case of the suite.
        let record = try RunRecordStore.load(run.path)
        let expected = try XCTUnwrap(SuiteLoader().validate(path: suite).expanded()).cases.map(\.id)
        XCTAssertEqual(record.cases.map(\.id), expected)
        XCTAssertFalse(record.partial)
        XCTAssertNotNil(record.finishedAt)
        XCTAssertEqual(record.suite.name, "tiny")
        XCTAssertTrue(record.cases.allSatisfy { $0.status == .ok && $0.samples.count >= 3 && $0.samples.count <= 5 })

        // results.csv: the documented columns, one row per case in run order.
        let lines = try CLIFixture.csvLines(run.appendingPathComponent("results.csv"))
        let header = lines[0].split(separator: ",").map(String.init)
        for column in [
            "id", "batch", "heads", "kv_heads", "seq_len", "head_dim", "causal", "algorithm", "layout",
            "precision", "tile", "threads", "seed", "status", "samples", "wall_ns_median", "wall_ns_ci_low",
            "wall_ns_ci_high", "cpu_ns_median", "gflops", "hbm_read_bytes", "hbm_write_bytes", "flops",
            "executed_flops", "max_abs_error", "rmse"
        ] {
            XCTAssertTrue(header.contains(column), "results.csv lacks \(column): \(header)")
        }
        XCTAssertEqual(header.first, "id")
        XCTAssertEqual(lines.count, 1 + expected.count)
        XCTAssertEqual(lines.dropFirst().map { String($0.prefix { $0 != "," }) }, expected)
        for row in lines.dropFirst() {
            XCTAssertEqual(row.split(separator: ",", omittingEmptySubsequences: false).count, header.count, row)
        }

        // report.md: a complete run, one results row per case (rows are labelled by the
        // parameters, not by id); at least one chart is written and referenced.
        let report = try String(contentsOf: run.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("| Status | complete |"), report)
        XCTAssertTrue(report.contains("## Results: tiny\n\n4 cases."), report)
        for row in ["| three-pass | mha |", "| three-pass | mqa |", "| flash | mha |", "| flash | mqa |"] {
            XCTAssertTrue(report.contains(row), "report.md lacks a row \(row)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: run.path)
        let charts = files.filter { $0.hasSuffix(".svg") }
        XCTAssertFalse(charts.isEmpty, "no chart in \(files)")
        for chart in charts {
            XCTAssertTrue(report.contains(chart), "report.md does not reference \(chart)")
            let svg = try String(contentsOf: run.appendingPathComponent(chart), encoding: .utf8)
            XCTAssertTrue(svg.contains("<svg"), chart)
        }

        // report RUN_DIR regenerates the derived files, byte for byte.
        let csvBefore = try Data(contentsOf: run.appendingPathComponent("results.csv"))
        let mdBefore = try Data(contentsOf: run.appendingPathComponent("report.md"))
        for name in ["results.csv", "report.md"] + charts {
            try FileManager.default.removeItem(at: run.appendingPathComponent(name))
        }
        let regenerated = try CLIRunner.run(["report", run.path])
        XCTAssertEqual(regenerated.status, 0, regenerated.stderr)
        XCTAssertEqual(try Data(contentsOf: run.appendingPathComponent("results.csv")), csvBefore)
        XCTAssertEqual(try Data(contentsOf: run.appendingPathComponent("report.md")), mdBefore)
        for chart in charts {
            XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent(chart).path), chart)
        }
        XCTAssertTrue(regenerated.stdout.contains("results.csv"), regenerated.stdout)
    }

    func testRunOutWritesSuiteAndStampedDirectoryUnderOut() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(name: "layout-check"), to: dir, as: "anything.yaml")
        let out = dir.appendingPathComponent("ci-current")
        _ = try CLIFixture.run(suite: suite, suiteName: "layout-check", out: out, ["--filter", "flash-mha"])
        // DIR/<suite name>/<UTC time>-<host>/, the suite's name rather than the file's.
        let run = try CLIFixture.runDirectory(in: out, suite: "layout-check")
        XCTAssertNotNil(
            run.lastPathComponent.range(of: #"^\d{4}-\d\d-\d\dT\d{6}Z-.+$"#, options: .regularExpression),
            run.lastPathComponent)
        XCTAssertEqual(
            try RunRecordStore.load(run.path).cases.map(\.id), ["flash-mha-b1-h2-kv2-l48-kv48-d16-fp32-t16x16"])
    }

    func testValidateAcceptsGoodSuitesAndNamesFileLineColumnOfErrors() throws {
        let good = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "good.yaml")
        let ok = try CLIRunner.run(["validate", good])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("ok (4 cases)"), ok.stdout)

        let bad = try CLIFixture.write(
            """
            suite: bad
            defaults: {heads: 8, kv_heads: 3, seqlen: 64}
            matrix:
              algorithm: [flash, nonsense]

            """, to: dir, as: "bad.yaml")
        let r = try CLIRunner.run(["validate", good, bad])
        CLIFixture.assertBadInput(r)
        let located = r.stderr.split(separator: "\n").filter {
            $0.range(of: #"bad\.yaml:\d+:\d+: error: "#, options: .regularExpression) != nil
        }
        XCTAssertGreaterThanOrEqual(
            located.count, 3, "expected errors for seqlen, kv_heads and the algorithm: \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("bad.yaml:2:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("seq_len"), "no hint for 'seqlen': \(r.stderr)")
        XCTAssertTrue(r.stdout.contains("good.yaml: ok"), "the good suite is still reported: \(r.stdout)")
    }

    func testListPrintsEveryCaseAndTheTotal() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let r = try CLIRunner.run(["list", suite])
        XCTAssertEqual(r.status, 0, r.stderr)
        for id in try XCTUnwrap(SuiteLoader().validate(path: suite).expanded()).cases.map(\.id) {
            XCTAssertTrue(r.stdout.contains(id), "list lacks \(id): \(r.stdout)")
        }
        XCTAssertTrue(r.stdout.contains("total (4 cases)"), r.stdout)
    }

    func testMergeOfTwoShardsHoldsEveryCaseOnce() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let one = try CLIFixture.run(
            suite: suite, suiteName: "tiny", out: dir.appendingPathComponent("s1"), ["--shard", "1/2"])
        let two = try CLIFixture.run(
            suite: suite, suiteName: "tiny", out: dir.appendingPathComponent("s2"), ["--shard", "2/2"])
        let a = try RunRecordStore.load(one.path), b = try RunRecordStore.load(two.path)
        XCTAssertEqual(a.cases.count, 2)
        XCTAssertEqual(b.cases.count, 2)
        XCTAssertTrue(Set(a.cases.map(\.id)).isDisjoint(with: b.cases.map(\.id)))
        XCTAssertEqual(a.options.shard, "1/2")

        let merged = dir.appendingPathComponent("merged")
        let r = try CLIRunner.run(["merge", one.path, two.path, "--out", merged.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("merged 4 cases"), r.stdout)
        let record = try RunRecordStore.load(merged.path)
        let expected = try XCTUnwrap(SuiteLoader().validate(path: suite).expanded()).cases.map(\.id)
        XCTAssertEqual(record.cases.count, expected.count)
        XCTAssertEqual(Set(record.cases.map(\.id)), Set(expected))
        XCTAssertFalse(record.partial)
        XCTAssertNil(record.options.shard)
        XCTAssertEqual(try CLIFixture.csvLines(merged.appendingPathComponent("results.csv")).count, 1 + expected.count)

        // The same shard twice is refused: a case would be counted twice.
        let twice = try CLIRunner.run(["merge", one.path, one.path, "--out", dir.appendingPathComponent("m2").path])
        CLIFixture.assertBadInput(twice, mentioning: "shard 1/2 is also given by another run")
    }

    func testCountersSaysOnTheFirstLineWhetherHardwareCountersExist() throws {
        let r = try CLIRunner.run(["counters"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let first = try XCTUnwrap(r.stdout.split(separator: "\n").first.map(String.init))
        XCTAssertTrue(first.hasPrefix("Hardware performance counters: "), first)
        let answer = first.dropFirst("Hardware performance counters: ".count)
        XCTAssertTrue(["yes", "NONE", "unknown"].contains { answer.hasPrefix($0) }, first)
    }
}

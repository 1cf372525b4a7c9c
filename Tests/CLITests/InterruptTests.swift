import Foundation
import Harness
import XCTest

/// SIGINT or SIGTERM during `attnbench run`: the run stops after the current sample, keeps
/// every finished case in a valid run.json marked partial (and results.csv, report.md),
/// and exits 130.
final class InterruptTests: CLITestCase {
    /// Eight cases of at least half a second each: several seconds in all, so the run is
    /// still going when the first case has been written.
    static let slowSuite = """
        suite: slow
        defaults: {batch: 1, heads: 2, head_dim: 16, seq_len: 64, tile: 16x16, threads: 1}
        measure: {warmup: 1, min_samples: 3, max_samples: 100000, min_time: 0.5s}
        matrix:
          algorithm: [three-pass, online, flash, flash-v1]
          causal: [false, true]

        """

    func testSIGINTLeavesAValidPartialRun() throws {
        try interrupt(with: SIGINT)
    }

    func testSIGTERMLeavesAValidPartialRun() throws {
        try interrupt(with: SIGTERM)
    }

    /// SIGKILL cannot be caught: nothing gets a final write. run.json then holds the cases of
    /// its last rewrite and run.journal.jsonl the rest; loading the run gives them all.
    func testSIGKILLKeepsEveryFinishedCase() throws {
        let suite = try CLIFixture.write(Self.slowSuite, to: dir, as: "slow.yaml")
        let out = dir.appendingPathComponent("out")
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["run", suite, "--out", out.path, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let deadline = Date().addingTimeInterval(120)
        var recorded = 0
        while Date() < deadline, process.isRunning, recorded < 2 {
            if let run = try? CLIFixture.runDirectory(in: out, suite: "slow"),
                let record = try? RunRecordStore.load(run.path)
            {
                recorded = record.cases.count
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertTrue(process.isRunning, "the run finished before it could be killed; make the suite slower")
        XCTAssertEqual(kill(process.processIdentifier, SIGKILL), 0)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        let run = try CLIFixture.runDirectory(in: out, suite: "slow")
        let record = try RunRecordStore.load(run.path)
        XCTAssertGreaterThanOrEqual(record.cases.count, recorded)
        XCTAssertTrue(record.partial)
        XCTAssertTrue(record.cases.allSatisfy { $0.status == .ok && !$0.samples.isEmpty })
        // run.json itself is always a complete, valid record (of the cases of its last rewrite).
        XCTAssertNoThrow(try CLIFixture.loadJSON(run.appendingPathComponent("run.json")))
        let report = try CLIRunner.run(["report", run.path])
        XCTAssertEqual(report.status, 0, report.stderr)
    }

    private func interrupt(with signal: Int32, file: StaticString = #filePath, line: UInt = #line) throws {
        let suite = try CLIFixture.write(Self.slowSuite, to: dir, as: "slow.yaml")
        let total = try XCTUnwrap(SuiteLoader().validate(path: suite).expanded()).cases.count
        XCTAssertGreaterThanOrEqual(total, 6)
        let out = dir.appendingPathComponent("out")
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["run", suite, "--out", out.path]
        let stderrURL = dir.appendingPathComponent("stderr.txt")
        XCTAssertTrue(FileManager.default.createFile(atPath: stderrURL.path, contents: nil))
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // Wait until run.json holds at least one finished case.
        let deadline = Date().addingTimeInterval(120)
        var recorded = 0
        while Date() < deadline, process.isRunning {
            if let run = try? CLIFixture.runDirectory(in: out, suite: "slow"),
                let record = try? RunRecordStore.load(run.path)
            {
                recorded = record.cases.count
                if recorded >= 1 { break }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertTrue(
            process.isRunning, "the run finished before it could be interrupted; make the suite slower",
            file: file, line: line)
        XCTAssertGreaterThanOrEqual(recorded, 1, file: file, line: line)
        XCTAssertEqual(kill(process.processIdentifier, signal), 0, file: file, line: line)

        let exitDeadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < exitDeadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertFalse(process.isRunning, "still running 60 s after signal \(signal)", file: file, line: line)
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        XCTAssertEqual(
            process.terminationReason, .exit, "killed by a signal instead of exiting: \(stderr)", file: file, line: line
        )
        XCTAssertEqual(process.terminationStatus, 130, stderr, file: file, line: line)
        XCTAssertTrue(stderr.contains("interrupted"), stderr, file: file, line: line)

        let run = try CLIFixture.runDirectory(in: out, suite: "slow")
        let record = try RunRecordStore.load(run.path)
        XCTAssertTrue(record.partial, file: file, line: line)
        XCTAssertGreaterThanOrEqual(record.cases.count, 1, file: file, line: line)
        XCTAssertLessThan(record.cases.count, total, file: file, line: line)
        XCTAssertTrue(record.cases.allSatisfy { $0.status == .ok && !$0.samples.isEmpty }, file: file, line: line)
        XCTAssertTrue(
            record.notes.contains { $0.contains("interrupted by signal \(signal)") }, "\(record.notes)",
            file: file, line: line)
        // The raw JSON says so too, for tools that do not use the record types.
        let json = try CLIFixture.loadJSON(run.appendingPathComponent("run.json"))
        XCTAssertEqual(json["partial"] as? Bool, true, file: file, line: line)

        let lines = try CLIFixture.csvLines(run.appendingPathComponent("results.csv"))
        XCTAssertEqual(lines.count, 1 + record.cases.count, file: file, line: line)
        XCTAssertEqual(
            lines.dropFirst().map { String($0.prefix { $0 != "," }) }, record.cases.map(\.id),
            file: file, line: line)
        let report = try String(contentsOf: run.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(
            report.contains("| Status | **partial** (interrupted; finished cases only) |"), report,
            file: file, line: line)
        XCTAssertTrue(report.contains("\(record.cases.count) case"), report, file: file, line: line)
        // No temporary files of the atomic writes are left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: run.path).filter {
            !["run.json", "results.csv", "report.md"].contains($0) && !$0.hasSuffix(".svg")
        }
        XCTAssertEqual(leftovers, [], file: file, line: line)
    }
}

import Counters
import Foundation
import Harness
import XCTest

/// `run --invocations N` end to end, and SIGINT during a multi-invocation run or `ab`:
/// every finished invocation is kept in a record marked partial, and the exit status is 130.
final class InvocationRunTests: CLITestCase {
    func testRunOfThreeInvocations() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let out = dir.appendingPathComponent("out")
        let r = try CLIRunner.run(["run", suite, "--out", out.path, "--invocations", "3", "--filter", "mha"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("tiny: invocation 3 of 3"), r.stderr)
        let run = try CLIFixture.runDirectory(in: out, suite: "tiny")
        let record = try RunRecordStore.load(run.path)
        XCTAssertFalse(record.partial)
        XCTAssertEqual(record.options.invocations, 3)
        XCTAssertEqual(record.invocations?.map(\.index), [0, 1, 2])
        XCTAssertEqual(record.invocations?.allSatisfy(\.complete), true)
        XCTAssertEqual(record.cases.count, 2)
        for c in record.cases {
            XCTAssertEqual(c.invocationIndices, [0, 1, 2])
            XCTAssertEqual(c.statistics["wall_ns"]?.invocations, 3)
            XCTAssertNotNil(c.statistics["wall_ns"]?.betweenInvocationSpread)
        }
        // The raw JSON names each sample's invocation.
        let json = try CLIFixture.loadJSON(run.appendingPathComponent("run.json"))
        let samples = try XCTUnwrap(((json["cases"] as? [[String: Any]])?.first)?["samples"] as? [[String: Any]])
        XCTAssertEqual(Set(samples.compactMap { $0["invocation"] as? Int }), [0, 1, 2])
        let report = try String(contentsOf: run.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("## Invocations"), report)
        XCTAssertTrue(
            report.contains("| case | invocations | median of invocation medians | between invocations |"), report)
        XCTAssertTrue(report.contains("3 invocations"), report)
        // Compared with itself: invocation-level statistics, nothing flagged.
        let same = try CLIRunner.run(["compare", run.path, run.path], environment: ["GITHUB_STEP_SUMMARY": ""])
        XCTAssertEqual(same.status, 0, same.stdout)
        XCTAssertTrue(same.stdout.contains("Invocations: base and current are medians"), same.stdout)
        XCTAssertTrue(same.stdout.contains("too few invocations"), "3 a side cannot reach 0.05: \(same.stdout)")

        CLIFixture.assertBadInput(try CLIRunner.run(["run", suite, "--invocations", "0"]), mentioning: "--invocations")
        CLIFixture.assertBadInput(
            try CLIRunner.run(
                ["run", suite, "--out", out.path],
                environment: ["ATTNBENCH_CASE_ORDER_SEED": "x"]),
            mentioning: "ATTNBENCH_CASE_ORDER_SEED")
    }

    /// The run's options reach every child: a provider that takes 0.2 s per call times out
    /// under the parent's `--provider-timeout 0.05` in each invocation.
    func testChildrenGetTheParentsOptions() throws {
        try CLIFixture.write(ProviderFixture.misbehaving, to: dir, as: "slow.py")
        let suite = try CLIFixture.write(
            """
            suite: slowprov
            defaults: {heads: 2, head_dim: 16, seq_len: 16}
            measure: {warmup: 0, min_samples: 2, max_samples: 2, min_time: 0s}
            providers:
              slow: [python3, slow.py, slow, \(path("pid"))]
            matrix:
              implementation: [slow]

            """, to: dir, as: "slowprov.yaml")
        let out = dir.appendingPathComponent("out")
        let r = try CLIRunner.run([
            "run", suite, "--out", out.path, "--invocations", "2", "--provider-timeout", "0.05",
            "--quiet"
        ])
        XCTAssertEqual(r.status, 1, "the case failed: \(r.stderr)")
        let record = try RunRecordStore.load(try CLIFixture.runDirectory(in: out, suite: "slowprov").path)
        XCTAssertEqual(record.options.providerTimeout, 0.05)
        XCTAssertEqual(record.invocations?.count, 2)
        XCTAssertEqual(record.cases.map(\.status), [.failed])
        XCTAssertTrue(record.cases.first?.reason?.contains("0.05") ?? false, "\(record.cases)")
    }

    /// Simulated counts do not depend on the process: the parent simulates each case once
    /// after the invocations, and no child simulates (a Valgrind wrapper counts the calls).
    func testSimulationRunsOncePerCaseNotOncePerInvocation() throws {
        try SimulatedCountersTests.requireSimulation()
        let setup = SimulationSetup(counters: ["sim::Ir"], cache: .sram)
        let valgrind = try XCTUnwrap(setup.valgrind).executable
        let log = dir.appendingPathComponent("valgrind.log")
        let wrapper = try CLIFixture.write(
            """
            #!/bin/sh
            case "$*" in *simulate-case*) echo call >> "\(log.path)";; esac
            exec "\(valgrind)" "$@"

            """, to: dir, as: "valgrind.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
        let suite = try CLIFixture.write(
            """
            suite: siminv
            defaults: {batch: 1, heads: 2, head_dim: 16, seq_len: 32, tile: 16x16, threads: 1}
            measure: {warmup: 0, min_samples: 2, max_samples: 2, min_time: 0s, counters: [sim::Ir],
                      sim_cache: {I1: 32KiB/8/64, D1: 32KiB/8/64, LL: 64KiB/16/64}}
            matrix:
              algorithm: [three-pass, flash]

            """, to: dir, as: "siminv.yaml")
        let out = dir.appendingPathComponent("out")
        let r = try CLIRunner.run(
            ["run", suite, "--out", out.path, "--invocations", "2", "--quiet"],
            environment: [ValgrindInstallation.environmentVariable: wrapper])
        XCTAssertEqual(r.status, 0, r.stderr)
        let calls = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        XCTAssertEqual(calls.split(separator: "\n").count, 2, "one simulation per case, not per invocation")
        let run = try CLIFixture.runDirectory(in: out, suite: "siminv")
        let record = try RunRecordStore.load(run.path)
        XCTAssertFalse(record.partial)
        XCTAssertEqual(record.counters.collected, ["sim::Ir"])
        XCTAssertNotNil(record.simulation)
        for c in record.cases {
            XCTAssertEqual(c.statistics["wall_ns"]?.invocations, 2)
            XCTAssertEqual(c.statistics["sim::Ir"]?.median, c.simulation?.totals["Ir"].map(Double.init))
            XCTAssertEqual(c.derived.sources?["instructions_per_flop"], "sim")
        }
        let profiles = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("callgrind").path)
        XCTAssertEqual(
            Set(profiles), Set(record.cases.map { "callgrind.out." + $0.id }), "kept in the parent's run directory")
    }

    /// Four cases of at least 0.3 s each: an invocation lasts over a second.
    static let slowSuite = """
        suite: slow
        defaults: {batch: 1, heads: 2, head_dim: 16, seq_len: 64, tile: 16x16, threads: 1}
        measure: {warmup: 1, min_samples: 3, max_samples: 100000, min_time: 0.3s}
        matrix:
          algorithm: [three-pass, flash]
          causal: [false, true]

        """

    /// Starts `arguments`, waits until `ready` holds (checked every 50 ms, up to 120 s), sends
    /// SIGINT and returns the exit status and stderr.
    func interrupt(_ arguments: [String], when ready: () -> Bool) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        let stderrURL = dir.appendingPathComponent("stderr.txt")
        XCTAssertTrue(FileManager.default.createFile(atPath: stderrURL.path, contents: nil))
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning, !ready() { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertTrue(process.isRunning, "finished before it could be interrupted; make the suite slower")
        XCTAssertEqual(kill(process.processIdentifier, SIGINT), 0)
        let exitDeadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < exitDeadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertFalse(process.isRunning, "still running 90 s after SIGINT")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        return (process.terminationStatus, (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
    }

    func testSIGINTDuringAMultiInvocationRunKeepsFinishedInvocations() throws {
        let suite = try CLIFixture.write(Self.slowSuite, to: dir, as: "slow.yaml")
        let out = dir.appendingPathComponent("out")
        let (status, stderr) = try interrupt(["run", suite, "--out", out.path, "--invocations", "4"]) {
            guard let run = try? CLIFixture.runDirectory(in: out, suite: "slow"),
                let record = try? RunRecordStore.load(run.path)
            else { return false }
            return (record.invocations?.count ?? 0) >= 1
        }
        XCTAssertEqual(status, 130, stderr)
        XCTAssertTrue(stderr.contains("interrupted"), stderr)
        let record = try RunRecordStore.load(try CLIFixture.runDirectory(in: out, suite: "slow").path)
        XCTAssertTrue(record.partial)
        let invocations = try XCTUnwrap(record.invocations)
        XCTAssertEqual(invocations.first?.complete, true)
        XCTAssertLessThan(invocations.filter(\.complete).count, 4)
        XCTAssertEqual(record.cases.count, 4, "every case finished in the first invocation")
        XCTAssertTrue(record.cases.allSatisfy { $0.invocationIndices.first == 0 })
        XCTAssertTrue(record.notes.contains { $0.contains("interrupted by signal 2") }, "\(record.notes)")
    }

    func testSIGINTDuringABWritesThePartialComparison() throws {
        let suite = try CLIFixture.write(Self.slowSuite, to: dir, as: "slow.yaml")
        let bin = CLIRunner.executable.path
        let stderrURL = dir.appendingPathComponent("stderr.txt")
        let (status, stderr) = try interrupt([
            "ab", "--base", bin, "--current", bin, suite, "--rounds", "6", "--out",
            path("ab"), "--format", "json"
        ]) {
            ((try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "").contains("round 2 of 6")
        }
        XCTAssertEqual(status, 130, stderr)
        XCTAssertTrue(stderr.contains("interrupted: the finished rounds were compared"), stderr)
        let out = dir.appendingPathComponent("ab")
        let json = try CLIFixture.loadJSON(out.appendingPathComponent("comparison.json"))
        let comparison = try XCTUnwrap(json["comparison"] as? [String: Any])
        XCTAssertEqual((comparison["base"] as? [String: Any])?["partial"] as? Bool, true)
        XCTAssertTrue(
            (comparison["warnings"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "partial_run" })
        let base = try RunRecordStore.load(out.appendingPathComponent("base").path)
        XCTAssertTrue(base.partial)
        XCTAssertEqual(base.invocations?.first?.complete, true)
        XCTAssertTrue(base.notes.contains { $0.contains("interrupted after") }, "\(base.notes)")
    }
}

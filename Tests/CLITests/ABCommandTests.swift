import Foundation
import Harness
import XCTest

/// End-to-end `attnbench ab` of a 2-case suite with two small wrapper scripts around the
/// built executable: one runs it as is, the other injects a delay of 100 ms into every
/// sample it reports (added to the wall time in the run.json it wrote: deterministic,
/// unlike a real competitor for the core, which `scripts/gate_trust.sh` measures).
final class ABCommandTests: CLITestCase {
    static let suite = """
        suite: two
        defaults: {batch: 1, heads: 2, head_dim: 16, seq_len: 32, tile: 16x16, threads: 1}
        measure: {warmup: 1, min_samples: 5, max_samples: 5, min_time: 0s}
        matrix:
          algorithm: [three-pass, flash]
        checks:
          hbm_bytes: exact
          flops: exact
          time: {max_regression: 10%}

        """

    /// `plain.sh` (exec the binary) and `delayed.sh` (run it, then add 100 ms to every
    /// sample's wall time in each run.json under its --out, and to the location statistics
    /// of wall_ns — median, mean, min, max, p90, interval — so that the record still passes
    /// the checks a record must pass to be read: statistics consistent with their samples).
    func wrappers() throws -> (plain: String, delayed: String) {
        let bin = CLIRunner.executable.path
        let plain = try CLIFixture.write("#!/bin/sh\nexec \"\(bin)\" \"$@\"\n", to: dir, as: "plain.sh")
        let delayed = try CLIFixture.write(
            #"""
            #!/bin/sh
            "\#(bin)" "$@" || exit $?
            out=; prev=
            for arg in "$@"; do [ "$prev" = --out ] && out=$arg; prev=$arg; done
            find "$out" -name run.json | while read -r f; do
              awk -v d=100000000 'BEGIN { CONVFMT = "%.17g" }
                /"wall_ns" *: *[{]/ { s = 1; print; next }
                s && /^ *[}]/ { s = 0 }
                { k = s ? "\"(ci_high|ci_low|max|mean|median|min|p90)\"" : "\"wall_ns\"" }
                match($0, k " *: *[0-9.]+") {
                  n = substr($0, RSTART, RLENGTH); key = n; sub(/ *:.*/, "", key); sub(/.*: */, "", n)
                  $0 = substr($0, 1, RSTART - 1) key " : " (n + d) substr($0, RSTART + RLENGTH) }
                { print }' "$f" > "$f.tmp" && mv "$f.tmp" "$f"
            done

            """#, to: dir, as: "delayed.sh")
        for path in [plain, delayed] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        return (plain, delayed)
    }

    func ab(
        base: String, current: String, out: String, _ extra: [String] = [], environment: [String: String] = [:]
    ) throws -> CLIRunner.Result {
        let suite = try CLIFixture.write(Self.suite, to: dir, as: "two.yaml")
        return try CLIRunner.run(
            [
                "ab", "--base", base, "--current", current, suite, "--rounds", "6", "--out", out,
                "--min-sample-time", "0.002"
            ] + extra,
            environment: environment.merging(["GITHUB_STEP_SUMMARY": ""]) { set, _ in set })
    }

    func testTheDelayedSideIsFlaggedAndOnlyIt() throws {
        let (plain, delayed) = try wrappers()
        let slower = try ab(base: plain, current: delayed, out: path("slower"))
        XCTAssertEqual(slower.status, 1, slower.stdout + slower.stderr)
        XCTAssertTrue(slower.stdout.hasPrefix("❌ 2 regressions, 0 faster, 0 unchanged"), slower.stdout)
        XCTAssertTrue(slower.stdout.contains("Paired `ab` rounds"), slower.stdout)
        XCTAssertTrue(slower.stderr.contains("two: round 1 of 6 (base)"), slower.stderr)
        XCTAssertTrue(
            slower.stderr.contains("two: round 2 of 6 (current)"), "ABBA: current first in round 2: \(slower.stderr)")
        XCTAssertTrue(slower.stderr.contains("left"), slower.stderr)

        // The files of `compare --out`, the same JSON shape, plus both sides' records.
        let out = dir.appendingPathComponent("slower")
        for name in [
            "comparison.md", "comparison.csv", "comparison.json", "comparison.svg", "base/run.json",
            "current/run.json", "base/report.md"
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), name)
        }
        let json = try CLIFixture.loadJSON(out.appendingPathComponent("comparison.json"))
        XCTAssertEqual(Set(json.keys), ["summary", "failed", "exit_status", "comparison"])
        XCTAssertEqual(json["exit_status"] as? Int, 1)
        let cases = try XCTUnwrap((json["comparison"] as? [String: Any])?["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 2)
        for c in cases {
            XCTAssertEqual(c["verdict"] as? String, "slower")
            let timing = try XCTUnwrap(c["timing"] as? [String: Any])
            XCTAssertEqual(timing["basis"] as? String, "rounds")
            XCTAssertEqual(timing["test"] as? String, "sign-flip")
            XCTAssertEqual(timing["base_invocations"] as? Int, 6)
            XCTAssertEqual(timing["p_value"] as? Double ?? 1, 2.0 / 64, accuracy: 1e-12)
        }
        let base = try RunRecordStore.load(out.appendingPathComponent("base").path)
        XCTAssertEqual(base.invocations?.count, 6)
        XCTAssertFalse(base.partial)
        XCTAssertEqual(base.cases.first?.invocationIndices, Array(0..<6))
        XCTAssertEqual(Set(base.invocations?.map(\.caseOrderSeed) ?? []).count, 6, "one order per round")
        // Every invocation interleaved its cases (a sample of each in turn), and says so.
        XCTAssertTrue(base.cases.allSatisfy { $0.samples.allSatisfy { $0.round != nil } }, "interleaved samples")
        XCTAssertTrue(base.notes.contains { $0.contains("--interleave") }, "\(base.notes)")
        // The invocations check accuracy on a sample of rows (ab's ATTNBENCH_ACCURACY_BUDGET).
        XCTAssertTrue(
            base.notes.contains { $0.contains("invocation 1: accuracy is checked on up to 10000000") }, "\(base.notes)")
        let current = try RunRecordStore.load(out.appendingPathComponent("current").path)
        XCTAssertEqual(
            current.invocations?.map(\.caseOrderSeed), base.invocations?.map(\.caseOrderSeed),
            "both sides of a round take the same order")
        // The two records are runs of 6 invocations each: `compare` reads them at invocation level.
        let again = try CLIRunner.run(
            [
                "compare", out.appendingPathComponent("base").path,
                out.appendingPathComponent("current").path, "--format", "csv"
            ],
            environment: ["GITHUB_STEP_SUMMARY": ""])
        XCTAssertEqual(again.status, 1, again.stdout)
        XCTAssertTrue(again.stdout.contains(",slower,true,"), again.stdout)
        XCTAssertTrue(again.stdout.contains(",invocations,"), again.stdout)

        // A user's ATTNBENCH_ACCURACY_BUDGET wins over ab's.
        let faster = try ab(
            base: delayed, current: plain, out: path("faster"), ["--format", "csv", "--no-interleave"],
            environment: ["ATTNBENCH_ACCURACY_BUDGET": "1000"])
        XCTAssertEqual(faster.status, 0, faster.stdout + faster.stderr)
        let rows = faster.stdout.split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 2, faster.stdout)
        XCTAssertTrue(rows.allSatisfy { $0.contains(",faster,false,") }, faster.stdout)
        let caseAfterCase = try RunRecordStore.load(dir.appendingPathComponent("faster/base").path)
        XCTAssertTrue(caseAfterCase.cases.allSatisfy { $0.samples.allSatisfy { $0.round == nil } })
        XCTAssertTrue(caseAfterCase.notes.contains { $0.contains("case after case") }, "\(caseAfterCase.notes)")
        XCTAssertTrue(
            caseAfterCase.notes.contains { $0.contains("accuracy is checked on up to 1000 multiply-adds") },
            "\(caseAfterCase.notes)")
    }

    func testBadExecutablesAndFailingChildrenAreBadInput() throws {
        let suite = try CLIFixture.write(Self.suite, to: dir, as: "two.yaml")
        let missing = try CLIRunner.run(["ab", "--base", path("nope"), "--current", CLIRunner.executable.path, suite])
        CLIFixture.assertBadInput(missing, mentioning: "--base")
        let rounds = try CLIRunner.run([
            "ab", "--base", CLIRunner.executable.path, "--current", CLIRunner.executable.path,
            suite, "--rounds", "0"
        ])
        CLIFixture.assertBadInput(rounds, mentioning: "--rounds")
        let failing = try CLIFixture.write("#!/bin/sh\necho 'no such option' >&2\nexit 3\n", to: dir, as: "failing.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: failing)
        let r = try CLIRunner.run([
            "ab", "--base", CLIRunner.executable.path, "--current", failing, suite, "--out",
            path("out"), "--quiet"
        ])
        CLIFixture.assertBadInput(r, mentioning: "exited with status 3")
        XCTAssertTrue(r.stderr.contains("no such option"), "the child's own message: \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("current, invocation 1 of"), r.stderr)
    }
}

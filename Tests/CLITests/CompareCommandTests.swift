import Foundation
import Harness
import XCTest

/// End-to-end tests of `compare` and `baseline save` on real runs of a tiny suite (and
/// copies of them with one thing changed), through the built executable.
final class CompareCommandTests: CLITestCase {
    /// One real run shared by the tests (made once: runs are the slow part).
    nonisolated(unsafe) static var shared: (dir: URL, suite: String, run: URL)?

    override class func setUp() {
        super.setUp()
        guard let dir = try? CLIRunner.temporaryDirectory(),
            let suite = try? CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        else { return }
        let out = dir.appendingPathComponent("base")
        guard let r = try? CLIRunner.run(["run", suite, "--out", out.path, "--quiet"]), r.status == 0,
            let run = try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("tiny").path)
                .first
        else { return }
        shared = (dir, suite, out.appendingPathComponent("tiny").appendingPathComponent(run))
    }

    override class func tearDown() {
        if let dir = shared?.dir { try? FileManager.default.removeItem(at: dir) }
        shared = nil
        super.tearDown()
    }

    var run: URL!
    var suite: String!

    override func setUpWithError() throws {
        let shared = try XCTUnwrap(Self.shared, "the shared run of the tiny suite failed")
        run = shared.run
        suite = shared.suite
        try super.setUpWithError()
    }

    /// The executable with `GITHUB_STEP_SUMMARY` emptied (unless a test sets it), so that
    /// running these tests inside GitHub Actions does not append comparisons to the job page.
    func cli(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIRunner.Result {
        try CLIRunner.run(arguments, environment: ["GITHUB_STEP_SUMMARY": ""].merging(environment) { $1 })
    }

    var caseIDs: [String] { (try? RunRecordStore.load(run.path).cases.map(\.id)) ?? [] }

    func testARunComparedWithItselfIsUnchanged() throws {
        let r = try cli(["compare", run.path, run.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let first = try XCTUnwrap(r.stdout.split(separator: "\n").first)
        XCTAssertTrue(first.hasPrefix("✅ no regressions"), String(first))
        XCTAssertTrue(first.contains("4 unchanged"), String(first))
        XCTAssertFalse(first.contains("timing not gated"), "timing gates by default: \(first)")
        for id in caseIDs { XCTAssertTrue(r.stdout.contains("`\(id)` | unchanged"), "\(id): \(r.stdout)") }
        XCTAssertEqual(r.stderr, "")
    }

    func testAChangedDeterministicMetricFailsAndNamesCaseAndMetric() throws {
        let ids = caseIDs
        let edited = dir.appendingPathComponent("edited.json")
        try CLIFixture.editedCopy(of: run, to: edited) { cases in
            var traffic = try XCTUnwrap(cases[1]["traffic"] as? [String: Any])
            traffic["hbm_read_bytes"] = try XCTUnwrap(traffic["hbm_read_bytes"] as? Int) + 4096
            cases[1]["traffic"] = traffic
        }
        for timing in ["--timing", "--no-timing"] {
            let r = try cli(["compare", run.path, edited.path, timing])
            XCTAssertEqual(r.status, 1, "\(timing): \(r.stdout)")
            let summary = String(r.stdout.prefix { $0 != "\n" })
            XCTAssertTrue(summary.hasPrefix("❌ "), summary)
            XCTAssertTrue(summary.contains("1 case failing deterministic checks"), summary)
            let row = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.contains("`\(ids[1])`") })
            XCTAssertTrue(row.contains("❌ hbm_bytes changed from"), String(row))
            XCTAssertTrue(row.contains("(must be exact)"), String(row))
            XCTAssertTrue(r.stderr.contains("❌"), "the summary is repeated on stderr: \(r.stderr)")
        }

        // An accuracy bound ("rmse: {max: 1e-5}") gates on the current value alone.
        let worse = dir.appendingPathComponent("worse.json")
        try CLIFixture.editedCopy(of: run, to: worse) { cases in
            var accuracy = try XCTUnwrap(cases[2]["accuracy"] as? [String: Any])
            accuracy["rmse"] = 3e-4
            cases[2]["accuracy"] = accuracy
        }
        let r = try cli(["compare", run.path, worse.path, "--no-timing"])
        XCTAssertEqual(r.status, 1, r.stdout)
        let row = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.contains("`\(ids[2])`") })
        XCTAssertTrue(row.contains("rmse 0.0003 exceeds the bound 1e-05"), String(row))
    }

    func testNewAndMissingCasesAreListedWithoutFailing() throws {
        let ids = caseIDs
        let fewer = dir.appendingPathComponent("fewer.json")
        try CLIFixture.editedCopy(of: run, to: fewer) { $0.removeFirst() }

        let missing = try cli(["compare", run.path, fewer.path])
        XCTAssertEqual(missing.status, 0, missing.stdout)
        XCTAssertTrue(missing.stdout.split(separator: "\n")[0].contains("1 missing"), missing.stdout)
        XCTAssertTrue(missing.stdout.contains("`\(ids[0])` | missing"), missing.stdout)

        let new = try cli(["compare", fewer.path, run.path])
        XCTAssertEqual(new.status, 0, new.stdout)
        XCTAssertTrue(new.stdout.split(separator: "\n")[0].contains("1 new"), new.stdout)
        XCTAssertTrue(new.stdout.contains("`\(ids[0])` | new"), new.stdout)
    }

    /// Copies of the run whose every case has eight samples, `scale` × about 1 ms; with
    /// `invocations`, samples 2k and 2k+1 come from invocation k (four invocations).
    func samplesCopy(_ name: String, scale: Double, invocations: Bool) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try CLIFixture.editedCopy(of: run, to: url) { cases in
            for i in cases.indices {
                let samples = (0..<8).map { k -> [String: Any] in
                    let ns = Int((1_000_000 + Double(k) * 2_000) * scale)
                    var sample: [String: Any] = ["wall_ns": ns, "cpu_ns": ns, "counters": [String: Any]()]
                    if invocations { sample["invocation"] = k / 2 }
                    return sample
                }
                try CLIFixture.setSamples(samples, of: &cases[i])
            }
        }
        return url
    }

    func testTimingGatesByDefaultAndNoTimingOnlyReportsIt() throws {
        // Four invocations a side, current 50 % slower on every case: significant and over the 10 % threshold.
        let base = try samplesCopy("base.json", scale: 1, invocations: true)
        let slow = try samplesCopy("slow.json", scale: 1.5, invocations: true)
        let gated = try cli(["compare", base.path, slow.path])
        XCTAssertEqual(gated.status, 1, gated.stdout)
        XCTAssertTrue(gated.stdout.hasPrefix("❌ 4 regressions"), gated.stdout)
        XCTAssertTrue(gated.stdout.contains("| slower |"), gated.stdout)
        XCTAssertTrue(
            gated.stdout.contains("Invocations: base and current are medians of per-invocation medians"),
            gated.stdout)

        let reported = try cli(["compare", base.path, slow.path, "--no-timing"])
        XCTAssertEqual(reported.status, 0, reported.stdout)
        XCTAssertTrue(reported.stdout.hasPrefix("✅ 4 slower (not gated)"), reported.stdout)
        XCTAssertTrue(reported.stdout.contains("timing not gated"), reported.stdout)
        XCTAssertTrue(reported.stdout.contains("Timing gates are off"), reported.stdout)

        let loose = try cli(["compare", base.path, slow.path, "--threshold", "60%"])
        XCTAssertEqual(loose.status, 0, loose.stdout)
        XCTAssertTrue(loose.stdout.contains("4 unchanged"), loose.stdout)

        let faster = try cli(["compare", slow.path, base.path])
        XCTAssertEqual(faster.status, 0, faster.stdout)
        XCTAssertTrue(faster.stdout.contains("4 faster"), faster.stdout)
    }

    func testSingleInvocationTimingIsReportedAndGatesOnlyWithStrict() throws {
        // The same 50 % slowdown from runs of one invocation (every run.json made before
        // `--invocations`): reported as slower, saying why it does not gate.
        let base = try samplesCopy("base.json", scale: 1, invocations: false)
        let slow = try samplesCopy("slow.json", scale: 1.5, invocations: false)
        let lenient = try cli(["compare", base.path, slow.path])
        XCTAssertEqual(lenient.status, 0, lenient.stdout)
        XCTAssertTrue(
            lenient.stdout.hasPrefix("✅ no regressions, 4 slower (single invocation, not gated)"), lenient.stdout)
        XCTAssertTrue(lenient.stdout.contains("| slower |"), lenient.stdout)
        XCTAssertTrue(lenient.stdout.contains("single invocation: between-process noise not measured"), lenient.stdout)
        XCTAssertTrue(lenient.stdout.contains("do not gate (--strict makes them gate)"), lenient.stdout)

        let strict = try cli(["compare", base.path, slow.path, "--strict"])
        XCTAssertEqual(strict.status, 1, strict.stdout)
        XCTAssertTrue(strict.stdout.hasPrefix("❌ 4 regressions"), strict.stdout)
        XCTAssertTrue(strict.stdout.contains("gate only because of --strict"), strict.stdout)
    }

    func testRunsOfDifferentSuitesAreBadInput() throws {
        let other = try CLIFixture.write(CLIFixture.tinySuite(name: "other"), to: dir, as: "other.yaml")
        let otherRun = try CLIFixture.run(
            suite: other, suiteName: "other", out: dir.appendingPathComponent("o"),
            ["--filter", "^flash-mha"])
        let r = try cli(["compare", run.path, otherRun.path])
        CLIFixture.assertBadInput(r, mentioning: "different suites")
        XCTAssertTrue(r.stderr.contains("'tiny'") && r.stderr.contains("'other'"), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }

    func testUnreadableMissingOrNewerFilesAreBadInput() throws {
        let garbage = try CLIFixture.write("this is not JSON {", to: dir, as: "garbage.json")
        CLIFixture.assertBadInput(try cli(["compare", run.path, garbage]), mentioning: "garbage.json")
        CLIFixture.assertBadInput(try cli(["compare", garbage, run.path]), mentioning: "garbage.json")

        let nowhere = dir.appendingPathComponent("no-such-run").path
        CLIFixture.assertBadInput(try cli(["compare", nowhere, run.path]), mentioning: "no-such-run")

        let empty = dir.appendingPathComponent("empty-dir")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        CLIFixture.assertBadInput(try cli(["compare", run.path, empty.path]), mentioning: "empty-dir")

        let unreadable = try CLIFixture.write("{}", to: dir, as: "unreadable.json")
        chmod(unreadable, 0)
        defer { chmod(unreadable, 0o644) }
        if !FileManager.default.isReadableFile(atPath: unreadable) {  // root reads anything
            CLIFixture.assertBadInput(try cli(["compare", run.path, unreadable]), mentioning: "unreadable.json")
        }

        var json = try CLIFixture.loadJSON(run.appendingPathComponent("run.json"))
        json["schema_version"] = 999
        let newer = dir.appendingPathComponent("newer.json")
        try CLIFixture.saveJSON(json, to: newer)
        CLIFixture.assertBadInput(try cli(["compare", run.path, newer.path]), mentioning: "newer.json")
    }

    func testFormatsAndOutDirectory() throws {
        let r = try cli(["compare", run.path, run.path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["failed"] as? Bool, false)
        XCTAssertEqual(object["exit_status"] as? Int, 0)
        XCTAssertTrue((object["summary"] as? String)?.hasPrefix("✅") == true, "\(object["summary"] ?? "nil")")
        let comparison = try XCTUnwrap(object["comparison"] as? [String: Any])
        let cases = try XCTUnwrap(comparison["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.map { $0["id"] as? String }, caseIDs)
        XCTAssertEqual(Set(cases.compactMap { $0["verdict"] as? String }), ["unchanged"])
        XCTAssertEqual(comparison["timing_gated"] as? Bool, true)

        let csv = try cli(["compare", run.path, run.path, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n")
        XCTAssertTrue(lines.first?.hasPrefix("id,verdict,fails,base_median_ns,current_median_ns") == true, csv.stdout)
        XCTAssertEqual(lines.count, 1 + caseIDs.count)

        CLIFixture.assertBadInput(try cli(["compare", run.path, run.path, "--format", "xml"]), mentioning: "--format")

        let out = dir.appendingPathComponent("cmp")
        let written = try cli(["compare", run.path, run.path, "--out", out.path])
        XCTAssertEqual(written.status, 0, written.stderr)
        for name in ["comparison.md", "comparison.csv", "comparison.json", "comparison.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), name)
        }
    }

    func testGitHubStepSummaryGetsTheMarkdownAppended() throws {
        let summary = dir.appendingPathComponent("step-summary.md")
        try Data("# Tests\n\nall passed\n\n".utf8).write(to: summary)
        let env = ["GITHUB_STEP_SUMMARY": summary.path]
        // Markdown goes to the summary whatever --format prints on stdout.
        let r = try cli(["compare", run.path, run.path, "--format", "json", "--no-timing"], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        var text = try String(contentsOf: summary, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# Tests\n\nall passed\n\n✅ no failed checks"), text)
        XCTAssertTrue(text.contains("| case | verdict |"), text)
        XCTAssertFalse(text.contains("comparison.svg"), "the chart is not next to the step summary: \(text)")

        // A failing comparison is appended after the first one.
        let edited = dir.appendingPathComponent("edited.json")
        try CLIFixture.editedCopy(of: run, to: edited) { cases in
            var traffic = try XCTUnwrap(cases[0]["traffic"] as? [String: Any])
            traffic["flops"] = try XCTUnwrap(traffic["flops"] as? Int) * 2
            cases[0]["traffic"] = traffic
        }
        let failing = try cli(["compare", run.path, edited.path, "--no-timing"], environment: env)
        XCTAssertEqual(failing.status, 1, failing.stdout)
        text = try String(contentsOf: summary, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "| case | verdict |").count, 3, text)
        XCTAssertTrue(text.contains("\n❌ 1 case failing deterministic checks"), text)
        XCTAssertTrue(text.contains("flops changed from"), text)
    }

    func testBaselineSaveThenCompareByName() throws {
        let baselines = dir.appendingPathComponent("baselines")
        let saved = try cli(["baseline", "save", run.path, "--name", "tiny-ci", "--baselines", baselines.path])
        XCTAssertEqual(saved.status, 0, saved.stderr)
        let file = baselines.appendingPathComponent("tiny-ci.json")
        XCTAssertEqual(saved.stdout.trimmingCharacters(in: .whitespacesAndNewlines), file.path)
        let baseline = try RunRecordStore.load(file.path)
        XCTAssertEqual(baseline.cases.map(\.id), caseIDs)
        XCTAssertTrue(baseline.cases.allSatisfy { $0.samples.isEmpty && $0.statistics["wall_ns"] != nil })

        let r = try cli(["compare", "tiny-ci", run.path, "--baselines", baselines.path])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("(statistics only)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("compared from stored summaries"), r.stdout)
        XCTAssertTrue(r.stdout.contains("4 unchanged"), r.stdout)

        let withSamples = try cli([
            "baseline", "save", run.path, "--name", "tiny-full", "--with-samples",
            "--baselines", baselines.path
        ])
        XCTAssertEqual(withSamples.status, 0, withSamples.stderr)
        let full = try RunRecordStore.load(baselines.appendingPathComponent("tiny-full.json").path)
        XCTAssertTrue(full.cases.allSatisfy { !$0.samples.isEmpty })

        let unknown = try cli(["compare", "tiny-nope", run.path, "--baselines", baselines.path])
        CLIFixture.assertBadInput(unknown, mentioning: "tiny-ci")  // lists what is available
        let badName = try cli(["baseline", "save", run.path, "--name", "../escape", "--baselines", baselines.path])
        CLIFixture.assertBadInput(badName, mentioning: "invalid baseline name")
    }
}

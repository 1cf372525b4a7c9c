import AttentionKernels
import Foundation
import Harness
import XCTest

/// Bad input anywhere exits 2 with a message that names the problem, never a crash trace,
/// and leaves nothing behind.
final class BadInputTests: CLITestCase {
    var suite: String!

    override func setUpWithError() throws {
        try super.setUpWithError()
        suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
    }

    var out: URL { dir.appendingPathComponent("out") }

    /// Nothing was written under `--out`.
    func assertNothingWritten(file: StaticString = #filePath, line: UInt = #line) {
        let entries = (try? FileManager.default.subpathsOfDirectory(atPath: out.path)) ?? []
        XCTAssertEqual(entries, [], "left behind under --out", file: file, line: line)
    }

    func testUnknownOptions() throws {
        CLIFixture.assertBadInput(try CLIRunner.run(["run", suite, "--bogus"]), mentioning: "--bogus")
        CLIFixture.assertBadInput(try CLIRunner.run(["compare", "a", "b", "--frobnicate"]), mentioning: "--frobnicate")
        CLIFixture.assertBadInput(try CLIRunner.run(["validate", suite, "--nope"]), mentioning: "--nope")
        CLIFixture.assertBadInput(try CLIRunner.run(["list"]), mentioning: "Missing expected argument")
        CLIFixture.assertBadInput(try CLIRunner.run(["compare", "--alpha", "two", "a", "b"]), mentioning: "two")
        CLIFixture.assertBadInput(try CLIRunner.run(["compare", "a", "b", "--alpha", "1.5"]), mentioning: "--alpha")
        CLIFixture.assertBadInput(
            try CLIRunner.run(["compare", "a", "b", "--threshold", "fast"]), mentioning: "--threshold")
    }

    func testBadShard() throws {
        for shard in ["3/2", "0/2", "1/0", "x", "1/2/3", "-1/2", ""] {
            CLIFixture.assertBadInput(
                try CLIRunner.run(["run", suite, "--shard", shard, "--out", out.path]),
                mentioning: "--shard")
        }
        assertNothingWritten()
    }

    func testABadAccuracyBudgetInTheEnvironmentIsBadInput() throws {
        for value in ["0", "-5", "lots", "1e9", "100000000001"] {
            let r = try CLIRunner.run(
                ["run", suite, "--out", out.path], environment: ["ATTNBENCH_ACCURACY_BUDGET": value])
            CLIFixture.assertBadInput(r, mentioning: "ATTNBENCH_ACCURACY_BUDGET='\(value)'")
        }
        assertNothingWritten()
        // A good one is used, and the record says so.
        let r = try CLIRunner.run(
            ["run", suite, "--out", out.path, "--quiet"], environment: ["ATTNBENCH_ACCURACY_BUDGET": "1000"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let record = try RunRecordStore.load(try CLIFixture.runDirectory(in: out, suite: "tiny").path)
        XCTAssertTrue(record.notes.contains { $0.contains("up to 1000 multiply-adds") }, "\(record.notes)")
        XCTAssertTrue(record.cases.allSatisfy { $0.accuracy != nil }, "accuracy still measured, on fewer rows")
    }

    func testBadFilterRegex() throws {
        let r = try CLIRunner.run(["run", suite, "--filter", "flash-(mha", "--out", out.path])
        CLIFixture.assertBadInput(r, mentioning: "--filter: 'flash-(mha' is not a valid regular expression")
        assertNothingWritten()
    }

    func testAFilterMatchingNothingIsAnEmptyRunNotAnError() throws {
        let r = try CLIRunner.run(["run", suite, "--filter", "^no-such-case$", "--out", out.path, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("tiny: 0 cases"), r.stdout)
    }

    func testNonexistentSuiteFile() throws {
        let missing = dir.appendingPathComponent("missing.yaml").path
        for command in ["run", "validate", "list"] {
            var args = [command, missing]
            if command == "run" { args += ["--out", out.path] }
            CLIFixture.assertBadInput(try CLIRunner.run(args), mentioning: "missing.yaml")
        }
        // One bad suite among good ones: nothing runs.
        CLIFixture.assertBadInput(
            try CLIRunner.run(["run", suite, missing, "--out", out.path]), mentioning: "missing.yaml")
        assertNothingWritten()
    }

    func testMalformedSuiteFiles() throws {
        let notYAML = try CLIFixture.write("suite: [unclosed\n  defaults: {", to: dir, as: "broken.yaml")
        CLIFixture.assertBadInput(try CLIRunner.run(["run", notYAML, "--out", out.path]), mentioning: "broken.yaml")
        let empty = try CLIFixture.write("", to: dir, as: "empty.yaml")
        CLIFixture.assertBadInput(try CLIRunner.run(["validate", empty]), mentioning: "empty.yaml")
        let directory = dir.appendingPathComponent("a-directory.yaml")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        CLIFixture.assertBadInput(try CLIRunner.run(["validate", directory.path]), mentioning: "a-directory.yaml")
        assertNothingWritten()
    }

    func testBadRunDirectoriesForReportAndMerge() throws {
        let nowhere = dir.appendingPathComponent("nowhere").path
        CLIFixture.assertBadInput(try CLIRunner.run(["report", nowhere]), mentioning: "nowhere")
        CLIFixture.assertBadInput(try CLIRunner.run(["merge", nowhere, "--out", out.path]), mentioning: "nowhere")
        let garbage = try CLIFixture.write("[1, 2", to: dir, as: "run.json")
        CLIFixture.assertBadInput(try CLIRunner.run(["report", dir.path]), mentioning: "run.json")
        CLIFixture.assertBadInput(try CLIRunner.run(["merge", garbage, "--out", out.path]), mentioning: "run.json")
        CLIFixture.assertBadInput(
            try CLIRunner.run([
                "baseline", "save", garbage, "--name", "x",
                "--baselines", dir.appendingPathComponent("b").path
            ]),
            mentioning: "run.json")
    }

    /// Option values are the library's own enums: --help lists every case (from
    /// `allCases`, so a new algorithm shows up by itself), anything else is refused
    /// naming the option, and rules between options name both.
    func testOptionValuesComeFromTheLibraryAndCrossOptionRulesNameTheOptions() throws {
        let help = try CLIRunner.run(["attend", "--help"])
        XCTAssertEqual(help.status, 0)
        let listed = help.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        XCTAssertTrue(
            listed.contains("values: " + Algorithm.allCases.map(\.rawValue).joined(separator: ", ")), help.stdout)
        XCTAssertTrue(
            listed.contains("values: " + Precision.allCases.map(\.rawValue).joined(separator: ", ")), help.stdout)
        let model = ["model", "--heads", "2", "--seq-len", "64", "--head-dim", "16"]
        CLIFixture.assertBadInput(try CLIRunner.run(model + ["--algorithm", "flash-v3"]), mentioning: "--algorithm")
        CLIFixture.assertBadInput(try CLIRunner.run(model + ["--precision", "fp16"]), mentioning: "--precision")
        CLIFixture.assertBadInput(try CLIRunner.run(model + ["--incoherent"]), mentioning: "--incoherent")
        CLIFixture.assertBadInput(try CLIRunner.run(model + ["--scale", "0"]), mentioning: "--scale")
        CLIFixture.assertBadInput(
            try CLIRunner.run(model + ["--sram", "96KiB", "--profile", "h100"]), mentioning: "--profile")
        CLIFixture.assertBadInput(try CLIRunner.run(model + ["--sram", "lots"]), mentioning: "--sram")
        CLIFixture.assertBadInput(try CLIRunner.run(["speed", "--algorithms", "flash,nope"]), mentioning: "nope")
        let ok = try CLIRunner.run(model + ["--precision", "fp8-e4m3", "--incoherent", "--algorithm", "flash-v1"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
    }
}

import Foundation
import Harness
import XCTest

/// The examples of issue 13's table, each through the real CLI: sizes that would overflow
/// or exhaust memory, `model` on huge shapes, output paths that escape `--out` or would be
/// clobbered, invalid run records, failing writes and very large suites. Each must end with
/// exit 2 (or the documented behaviour) and a message naming the culprit, never a crash.
final class HostileInputTests: CLITestCase {
    var out: URL { dir.appendingPathComponent("out") }
    var deepOut: URL { dir.appendingPathComponent("a/b/c/out") }

    /// Nothing at all under `--out` (not even an empty run directory).
    func assertNothingWritten(file: StaticString = #filePath, line: UInt = #line) {
        let entries = (try? FileManager.default.subpathsOfDirectory(atPath: out.path)) ?? []
        XCTAssertEqual(entries, [], "left behind under --out", file: file, line: line)
    }

    /// Three tiny .npy inputs (B=1, H=2, L=8, D=4) in `dir`; returns their paths.
    func writeInputs() throws -> (q: String, k: String, v: String) {
        let values = (0..<64).map { Float($0 % 7) / 7 }
        let data = NPYFile.encode(shape: [1, 2, 8, 4], values: values)
        var paths: [String] = []
        for name in ["q", "k", "v"] {
            let url = dir.appendingPathComponent("\(name).npy")
            try data.write(to: url)
            paths.append(url.path)
        }
        return (paths[0], paths[1], paths[2])
    }

    // MARK: sizes

    func testSuiteWithATrillionTokensIsRefusedByValidateListAndRun() throws {
        let suite = try CLIFixture.write(
            """
            suite: huge
            defaults: {heads: 1, head_dim: 16, seq_len: 1000000000000}
            measure: {warmup: 1, min_samples: 1, max_samples: 1, min_time: 0}

            """, to: dir, as: "huge.yaml")
        for command in [["validate", suite], ["list", suite], ["run", suite, "--out", out.path]] {
            let r = try CLIRunner.run(command, timeout: 120)
            CLIFixture.assertBadInput(r, mentioning: "huge.yaml:2:")
            XCTAssertFalse(r.signaled || r.timedOut, "\(command): \(r.stderr)")
        }
        assertNothingWritten()
    }

    func testOneTerabyteOfKVIsRefusedWithTheSizeItNeedsAndNoEmptyRunDirectory() throws {
        let suite = try CLIFixture.write(
            """
            suite: huge-kv
            defaults: {heads: 1, head_dim: 16, seq_len: 1, kv_len: 17179869184}
            measure: {warmup: 1, min_samples: 1, max_samples: 1, min_time: 0}

            """, to: dir, as: "huge-kv.yaml")
        let validate = try CLIRunner.run(["validate", suite], timeout: 120)
        CLIFixture.assertBadInput(validate, mentioning: "huge-kv.yaml:2:")
        XCTAssertTrue(validate.stderr.contains("TiB"), "names the size it would need: \(validate.stderr)")
        XCTAssertTrue(validate.stderr.contains("--max-memory"), "says how to raise the limit: \(validate.stderr)")
        let run = try CLIRunner.run(["run", suite, "--out", out.path], timeout: 120)
        CLIFixture.assertBadInput(run, mentioning: "huge-kv.yaml:2:")
        assertNothingWritten()
    }

    func testAttendWithAnAbsurdThreadCountIsRefused() throws {
        let (q, k, v) = try writeInputs()
        let o = dir.appendingPathComponent("o.npy").path
        let r = try CLIRunner.run(
            [
                "attend", "--q", q, "--k", k, "--v", v, "--out", o,
                "--threads", "9223372036854775807"
            ], timeout: 60)
        CLIFixture.assertBadInput(r, mentioning: "--threads")
        XCTAssertFalse(FileManager.default.fileExists(atPath: o))
    }

    func testNPYHeaderClaimingAHugeShapeIsRefusedByQuantize() throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000, 1000000, 1000000), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([
            0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)
        ])
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: [UInt8](repeating: 0, count: 64))
        let input = dir.appendingPathComponent("huge.npy")
        try data.write(to: input)
        let output = dir.appendingPathComponent("o.npy").path
        let r = try CLIRunner.run(["quantize", "--format", "e4m3", input.path, output], timeout: 60)
        CLIFixture.assertBadInput(r, mentioning: "huge.npy")
        XCTAssertTrue(r.stderr.contains("1000000"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }

    // MARK: time

    /// `model` answers shapes whose tile walk would take hours (4M tokens) or years
    /// (10^8 tokens with 1x1 tiles); the timeout only turns a hang into a failure.
    func testModelOfHugeShapesAnswers() throws {
        let r = try CLIRunner.run(["model", "--seq-len", "4000000", "--heads", "1", "--json"], timeout: 120)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.timedOut, "model --seq-len 4000000 did not answer")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["flops"] as? Int, 4 * 4_000_000 * 4_000_000 * 64)
        // flash at 64x64: Q once, K and V once per Q tile (62 500 of them), O once.
        XCTAssertEqual(json["hbm_read_bytes"] as? Int, 4_000_000 * 64 * 4 + 2 * 62_500 * 4_000_000 * 64 * 4)

        let walkForever = try CLIRunner.run(
            [
                "model", "--seq-len", "100000000", "--heads", "1", "--head-dim", "16",
                "--tile", "1x1", "--causal", "--json"
            ], timeout: 120)
        XCTAssertEqual(walkForever.status, 0, walkForever.stderr)
        XCTAssertFalse(walkForever.timedOut, "model with 10^16 tile pairs did not answer")
        let big = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(walkForever.stdout.utf8)) as? [String: Any])
        // Causal 1x1 tiles: row i sees i + 1 keys, so 4·D·L(L+1)/2 executed FLOPs.
        XCTAssertEqual(big["executed_flops"] as? Int, 4 * 16 * (100_000_000 * 100_000_001 / 2))

        let overflow = try CLIRunner.run(["model", "--seq-len", "9223372036854775807", "--heads", "1"], timeout: 60)
        CLIFixture.assertBadInput(overflow, mentioning: "--seq-len")
    }

    // MARK: paths

    func testSuiteNamesThatWouldEscapeOutOrHoldControlCharactersAreRefused() throws {
        for (file, name) in [
            ("escape.yaml", "../../../x"), ("slash.yaml", "a/b"), ("dots.yaml", ".."),
            ("control.yaml", "\"a\\u0001b\""), ("newline.yaml", "\"a\\nb\"")
        ] {
            let suite = try CLIFixture.write(
                "suite: \(name)\ndefaults: {heads: 1, head_dim: 16, seq_len: 16}\n",
                to: dir, as: file)
            CLIFixture.assertBadInput(try CLIRunner.run(["validate", suite]), mentioning: "\(file):1:8")
            // --out three levels down, so that a run escaping it still lands in the scratch directory.
            let r = try CLIRunner.run(["run", suite, "--out", deepOut.path, "--quiet"], timeout: 120)
            CLIFixture.assertBadInput(r, mentioning: "suite name")
        }
        let written = (try? FileManager.default.subpathsOfDirectory(atPath: dir.appendingPathComponent("a").path)) ?? []
        XCTAssertEqual(written, [], "a run wrote under or escaped --out")
    }

    // MARK: clobber

    func testMergeIntoAnExistingRunRefusesWithoutForce() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let a = try CLIFixture.run(
            suite: suite, suiteName: "tiny", out: dir.appendingPathComponent("a"), ["--shard", "1/2"])
        let b = try CLIFixture.run(
            suite: suite, suiteName: "tiny", out: dir.appendingPathComponent("b"), ["--shard", "2/2"])
        let before = try Data(contentsOf: b.appendingPathComponent("run.json"))
        let r = try CLIRunner.run(["merge", a.path, b.path, "--out", b.path])
        CLIFixture.assertBadInput(r, mentioning: "--force")
        XCTAssertTrue(r.stderr.contains(b.path), r.stderr)
        XCTAssertEqual(try Data(contentsOf: b.appendingPathComponent("run.json")), before, "merge replaced run.json")

        let forced = try CLIRunner.run(["merge", a.path, b.path, "--out", b.path, "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try RunRecordStore.load(b.path).cases.count, 4)
    }

    func testBaselineSaveRefusesToReplaceABaselineWithoutForce() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let run = try CLIFixture.run(suite: suite, suiteName: "tiny", out: out, ["--filter", "^flash-mha"])
        let store = dir.appendingPathComponent("baselines").path
        let first = try CLIRunner.run(["baseline", "save", run.path, "--name", "x", "--baselines", store])
        XCTAssertEqual(first.status, 0, first.stderr)
        let saved = try Data(contentsOf: URL(fileURLWithPath: store).appendingPathComponent("x.json"))
        let again = try CLIRunner.run([
            "baseline", "save", run.path, "--name", "x", "--baselines", store, "--with-samples"
        ])
        CLIFixture.assertBadInput(again, mentioning: "--force")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: store).appendingPathComponent("x.json")), saved)
        let forced = try CLIRunner.run([
            "baseline", "save", run.path, "--name", "x", "--baselines", store,
            "--with-samples", "--force"
        ])
        XCTAssertEqual(forced.status, 0, forced.stderr)
    }

    /// A device node as `--out` is written in place, never replaced by a regular file; a
    /// FIFO nobody reads and a directory are refused without hanging.
    func testOutputsThatAreNotRegularFilesAreNeverReplaced() throws {
        let (q, k, v) = try writeInputs()
        let attend = ["attend", "--q", q, "--k", k, "--v", v, "--out"]
        if getuid() == 0 {
            // A private null device, so that a regression cannot replace the real /dev/null.
            let null = dir.appendingPathComponent("null")
            XCTAssertEqual(mknod(null.path, S_IFCHR | 0o666, dev_t(1 << 8 | 3)), 0, String(cString: strerror(errno)))
            let r = try CLIRunner.run(attend + [null.path], timeout: 60)
            XCTAssertEqual(r.status, 0, r.stderr)
            var st = stat()
            XCTAssertEqual(lstat(null.path, &st), 0)
            XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "the device node was replaced")
        }
        let fifo = dir.appendingPathComponent("fifo")
        XCTAssertEqual(mkfifo(fifo.path, 0o644), 0)
        let r = try CLIRunner.run(attend + [fifo.path], timeout: 60)
        XCTAssertFalse(r.timedOut, "writing to a FIFO without a reader hung")
        CLIFixture.assertBadInput(r, mentioning: fifo.path)
        var st = stat()
        XCTAssertEqual(lstat(fifo.path, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced")

        if FileManager.default.fileExists(atPath: "/dev/full") {
            // A full device: the write fails with the OS's reason, exit 2, and the node stays.
            let full = try CLIRunner.run(attend + ["/dev/full"], timeout: 60)
            CLIFixture.assertBadInput(full, mentioning: "/dev/full")
            XCTAssertTrue(full.stderr.contains("No space left on device"), full.stderr)
        }
        let directory = dir.appendingPathComponent("a-directory")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        CLIFixture.assertBadInput(try CLIRunner.run(attend + [directory.path], timeout: 60), mentioning: directory.path)
        CLIFixture.assertBadInput(
            try CLIRunner.run(["quantize", "--format", "e5m2", q, directory.path], timeout: 60),
            mentioning: directory.path)
    }

    /// Foundation's atomic writes and the Swift driver (`swift --version`, for the record)
    /// used to leave an empty `TemporaryDirectory.*` behind on every run.
    func testRunLeavesNothingInTheTemporaryDirectory() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let tmp = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let r = try CLIRunner.run(
            ["run", suite, "--out", out.path, "--quiet", "--filter", "^flash-mha"],
            environment: ["TMPDIR": tmp.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), [])
    }

    // MARK: NaN and infinity

    /// A NaN in Q makes its row of O NaN; the metrics then print as "nan", never `{}` or 0.
    func testNaNInputsGiveNaNMetricsAsStrings() throws {
        var values = (0..<64).map { Float($0 % 7) / 7 }
        values[5] = .nan
        try NPYFile.encode(shape: [1, 2, 8, 4], values: values).write(to: dir.appendingPathComponent("qn.npy"))
        let (_, k, v) = try writeInputs()
        let o = dir.appendingPathComponent("o.npy").path
        let r = try CLIRunner.run([
            "attend", "--q", dir.appendingPathComponent("qn.npy").path, "--k", k, "--v", v,
            "--out", o, "--metrics"
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["max_abs_error", "rmse", "relative_frobenius"] {
            XCTAssertEqual(json[key] as? String, "nan", "\(key): \(r.stdout)")
        }
        let output = try NPYFile.read(o)
        let row = (0..<4).map { output[0, 0, 1, $0] }  // Q element 5 is row 1 of head 0
        XCTAssertTrue(row.allSatisfy(\.isNaN), "\(row)")
        XCTAssertFalse(output[0, 1, 0, 0].isNaN, "other heads are untouched")
    }

    // MARK: records

    func testRunRecordsWithDuplicateIdsOrNegativeTimesAreBadInputNamingTheField() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let run = try CLIFixture.run(suite: suite, suiteName: "tiny", out: out)
        let duplicate = dir.appendingPathComponent("duplicate.json")
        try CLIFixture.editedCopy(of: run, to: duplicate) { cases in cases[1]["id"] = cases[0]["id"] }
        let r = try CLIRunner.run(["compare", run.path, duplicate.path])
        CLIFixture.assertBadInput(r, mentioning: "duplicate.json")
        XCTAssertTrue(r.stderr.contains("cases[1].id"), r.stderr)

        let negative = dir.appendingPathComponent("negative.json")
        try CLIFixture.editedCopy(of: run, to: negative) { cases in
            var samples = try XCTUnwrap(cases[2]["samples"] as? [[String: Any]])
            samples[0]["wall_ns"] = -5
            cases[2]["samples"] = samples
        }
        let n = try CLIRunner.run(["compare", run.path, negative.path])
        CLIFixture.assertBadInput(n, mentioning: "negative.json")
        XCTAssertTrue(n.stderr.contains("cases[2].samples[0].wall_ns"), n.stderr)

        // A number too large for its field names the field too (not "not valid JSON").
        let text = try String(contentsOf: run.appendingPathComponent("run.json"), encoding: .utf8)
        let huge = dir.appendingPathComponent("huge-number.json")
        let edited = try XCTUnwrap(text.range(of: "\"wall_ns\" : ")).upperBound
        let number = text[edited...].prefix { $0.isNumber }
        try text.replacingCharacters(in: edited..<text.index(edited, offsetBy: number.count), with: "1e30")
            .write(to: huge, atomically: false, encoding: .utf8)
        let h = try CLIRunner.run(["report", huge.path])
        CLIFixture.assertBadInput(h, mentioning: "huge-number.json")
        XCTAssertTrue(h.stderr.contains("wall_ns"), h.stderr)
    }

    // MARK: writes and exit codes

    func testAFailingStepSummaryIsAWarningAndTheGateResultStands() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let run = try CLIFixture.run(suite: suite, suiteName: "tiny", out: out, ["--filter", "^flash-mha"])
        let r = try CLIRunner.run(
            ["compare", run.path, run.path, "--no-timing"],
            environment: ["GITHUB_STEP_SUMMARY": "/dev/full"], timeout: 60)
        XCTAssertFalse(r.signaled, r.stderr)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("GITHUB_STEP_SUMMARY"), r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("✅"), r.stdout)
    }

    func testCompareOutThatCannotBeWrittenIsExitTwoWithThePathAndReason() throws {
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        let run = try CLIFixture.run(suite: suite, suiteName: "tiny", out: out, ["--filter", "^flash-mha"])
        let file = try CLIFixture.write("not a directory", to: dir, as: "a-file")
        let onto = try CLIRunner.run(["compare", run.path, run.path, "--no-timing", "--out", file])
        CLIFixture.assertBadInput(onto, mentioning: file)
        let under = try CLIRunner.run(["compare", run.path, run.path, "--no-timing", "--out", file + "/sub"])
        CLIFixture.assertBadInput(under, mentioning: file)
        XCTAssertTrue(under.stderr.lowercased().contains("not a directory"), under.stderr)
        if getuid() != 0 {
            let readOnly = dir.appendingPathComponent("read-only")
            try FileManager.default.createDirectory(at: readOnly, withIntermediateDirectories: true)
            chmod(readOnly.path, 0o555)
            defer { chmod(readOnly.path, 0o755) }
            let r = try CLIRunner.run(["compare", run.path, run.path, "--no-timing", "--out", readOnly.path])
            CLIFixture.assertBadInput(r, mentioning: readOnly.path)
        }
    }

    // MARK: scale

    /// A suite of 20 000 tiny cases (the example has 100 000; 20 000 keep this test
    /// fast in a debug build and are as far past the 10 000 that need `--yes`): `list`
    /// gives a realistic estimate (each case takes at least its minimum samples of one
    /// minimum sample time), and `run` refuses to start without `--yes`.
    func testATwentyThousandCaseSuiteIsEstimatedAndNeedsYes() throws {
        let values = { (n: Int) in (1...n).map(String.init).joined(separator: ", ") }
        let suite = try CLIFixture.write(
            """
            suite: vast
            defaults: {heads: 1, head_dim: 16, seq_len: 16, tile: 16x16}
            measure: {warmup: 1, min_samples: 3, max_samples: 5, min_time: 0}
            matrix:
              seed: [\(values(200))]
              batch: [\(values(100))]

            """, to: dir, as: "vast.yaml")
        let list = try CLIRunner.run(["list", suite], timeout: 300)
        XCTAssertEqual(list.status, 0, list.stderr)
        let total = try XCTUnwrap(list.stdout.split(separator: "\n").first { $0.contains("total (20000 cases)") })
        let seconds = try XCTUnwrap(Double(try XCTUnwrap(total.split(separator: " ").last)))
        XCTAssertGreaterThanOrEqual(seconds, 20_000 * 3 * 0.005, String(total))

        let run = try CLIRunner.run(["run", suite, "--out", out.path, "--quiet"], timeout: 300)
        CLIFixture.assertBadInput(run, mentioning: "--yes")
        XCTAssertTrue(run.stderr.contains("20000 cases"), run.stderr)
        assertNothingWritten()
    }
}

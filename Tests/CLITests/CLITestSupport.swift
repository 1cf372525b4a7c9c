import Foundation
import Harness
import XCTest

/// Helpers shared by the end-to-end tests: tiny suites written into a temporary
/// directory, finding the run directory `run` made, and editing run.json copies.
enum CLIFixture {
    /// Sampling that keeps a debug-built run of a small case well under a second.
    static let fastMeasure = "measure: {warmup: 1, min_samples: 3, max_samples: 5, min_time: 0.01s}"

    /// A 4-case suite (three-pass and flash, MHA and MQA, L = 48): about a second in all.
    static func tinySuite(name: String = "tiny", measure: String = fastMeasure) -> String {
        """
        suite: \(name)
        description: end-to-end test suite
        defaults: {batch: 1, heads: 2, head_dim: 16, seq_len: 48, tile: 16x16, threads: 1}
        \(measure)
        matrix:
          algorithm: [three-pass, flash]
          kv_heads: [2, 1]
        checks:
          hbm_bytes: exact
          flops: exact
          rmse: {max: 1e-5}
          time: {max_regression: 10%}

        """
    }

    /// Writes `text` to `dir/name` and returns its path.
    @discardableResult
    static func write(_ text: String, to dir: URL, as name: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The single run directory under `out/suite/` (`run --out out` writes `out/<suite>/<stamp>-<host>/`).
    static func runDirectory(in out: URL, suite: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> URL
    {
        let parent = out.appendingPathComponent(suite)
        let entries = try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(entries.count, 1, "run directories under \(parent.path): \(entries)", file: file, line: line)
        return parent.appendingPathComponent(try XCTUnwrap(entries.first, file: file, line: line))
    }

    /// Runs `attnbench run SUITE --out OUT --quiet ARGS…` and returns its run directory.
    static func run(
        suite path: String, suiteName: String, out: URL, _ extra: [String] = [],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> URL {
        let r = try CLIRunner.run(["run", path, "--out", out.path, "--quiet"] + extra)
        XCTAssertEqual(r.status, 0, "run failed: \(r.stderr)", file: file, line: line)
        return try runDirectory(in: out, suite: suiteName, file: file, line: line)
    }

    /// Lines of a CSV file without the trailing empty line.
    static func csvLines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true).map(
            String.init)
    }

    /// run.json as a JSON object, for edits the record types would not allow.
    static func loadJSON(_ url: URL) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try XCTUnwrap(object as? [String: Any])
    }

    static func saveJSON(_ object: [String: Any], to url: URL) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }

    /// The JSON of `Summary(samples:)`, for edits that replace a case's samples: a record
    /// whose statistics contradict its samples is refused on load.
    static func summaryJSON(_ values: [Double]) throws -> Any {
        let summary = try XCTUnwrap(Summary(samples: values))
        return try JSONSerialization.jsonObject(with: try RecordJSON.encoder().encode(summary))
    }

    /// Replaces a case's samples (as JSON objects) and the wall and CPU time statistics
    /// that summarize them.
    static func setSamples(_ samples: [[String: Any]], of c: inout [String: Any]) throws {
        c["samples"] = samples
        var statistics = c["statistics"] as? [String: Any] ?? [:]
        for metric in ["wall_ns", "cpu_ns"] {
            statistics[metric] = try summaryJSON(samples.compactMap { ($0[metric] as? Int).map(Double.init) })
        }
        c["statistics"] = statistics
    }

    /// Copies `run.json` of `runDir` to `dest` after applying `edit` to its case list.
    static func editedCopy(of runDir: URL, to dest: URL, cases edit: (inout [[String: Any]]) throws -> Void) throws {
        var json = try loadJSON(runDir.appendingPathComponent("run.json"))
        var cases = try XCTUnwrap(json["cases"] as? [[String: Any]])
        try edit(&cases)
        json["cases"] = cases
        try saveJSON(json, to: dest)
    }

    /// Asserts a bad-input failure: exit 2, a one-line-ish message naming `mention`, no crash trace.
    static func assertBadInput(
        _ r: CLIRunner.Result, mentioning mention: String? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(r.status, 2, "stdout: \(r.stdout)\nstderr: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("attnbench: "), "stderr: \(r.stderr)", file: file, line: line)
        for trace in ["Fatal error", "Stack dump", "Backtrace", "Current stack trace", "💣", "SIGSEGV", "SIGILL"] {
            XCTAssertFalse(r.stderr.contains(trace), "crash trace in stderr: \(r.stderr)", file: file, line: line)
        }
        if let mention {
            XCTAssertTrue(
                r.stderr.contains(mention), "stderr does not mention '\(mention)': \(r.stderr)", file: file, line: line)
        }
    }
}

/// The base of the end-to-end test classes: a fresh temporary directory for each test,
/// removed after it, and paths inside it.
class CLITestCase: XCTestCase {
    /// This test's scratch directory.
    var dir: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        dir = try CLIRunner.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
        try super.tearDownWithError()
    }

    /// `name` inside `dir`.
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
}

import Counters
import Foundation
import XCTest

@testable import Harness

/// What happens before the first case runs: which cases a run takes, where its files go,
/// and the record header — in the library, so a bad filter or an unwritable directory is
/// found before anything is left behind.
final class RunStartTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("attnbench-runstart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func suite() throws -> RunnableSuite {
        let path = dir.appendingPathComponent("tiny.yaml").path
        try Data(BenchmarkRunnerTests.tiny.utf8).write(to: URL(fileURLWithPath: path))
        return try SuiteLoader().loadRunnable(path: path)
    }

    func runner(_ s: RunnableSuite, _ settings: RunSettings) -> BenchmarkRunner {
        BenchmarkRunner(
            suite: s.expanded, settings: settings, stop: StopSignal(), progress: RunProgress(quiet: true),
            counterSession: CounterSession(
                events: [], backend: NullBackend(reason: CounterFailure(message: "off in tests"))))
    }

    func testShardsParseAndPartitionTheCases() throws {
        XCTAssertEqual(RunShard(parsing: "2/4"), RunShard(index: 2, count: 4))
        XCTAssertEqual(RunShard(parsing: "2/4")?.description, "2/4")
        for bad in ["3/2", "0/2", "1/0", "x", "1/2/3", "-1/2", "", "/", "1/"] {
            XCTAssertNil(RunShard(parsing: bad), bad)
        }
        let s = try suite()
        let all = try RunSettings().selectCases(from: s.expanded).map(\.id)
        let parts = try (1...3).map { k in
            try RunSettings(shard: RunShard(index: k, count: 3)).selectCases(from: s.expanded).map(\.id)
        }
        XCTAssertEqual(parts.flatMap { $0 }.sorted(), all.sorted(), "three shards take every case exactly once")
        let split = ShardPartition(
            cases: s.expanded.cases, count: 3, cost: ShardCost(measure: s.expanded.suite.measure))
        for k in 1...3 {
            XCTAssertEqual(
                parts[k - 1], split.cases(s.expanded.cases, in: try XCTUnwrap(RunShard(index: k, count: 3))).map(\.id),
                "shard \(k) of 3 is the cost-balanced split's, in suite order")
            XCTAssertEqual(parts[k - 1], all.filter(parts[k - 1].contains), "suite order")
        }
        let quick = try RunSettings(quick: true, shard: RunShard(index: 1, count: 3)).selectCases(from: s.expanded).map(
            \.id)
        XCTAssertEqual(quick, parts[0], "--quick does not change the split")
    }

    func testABadFilterThrowsBeforeAnyDirectoryIsMade() throws {
        let s = try suite()
        let results = dir.appendingPathComponent("Results")
        XCTAssertThrowsError(try runner(s, RunSettings(filter: "flash-(mha")).start(s, under: results)) { error in
            guard case RunnerError.badFilter(let pattern, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(pattern, "flash-(mha")
            XCTAssertFalse("\(error)".contains("--"), "library errors do not name CLI flags: \(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: results.path))
    }

    func testStartMakesAFreshStampedDirectoryAndTheHeader() throws {
        let s = try suite()
        let results = dir.appendingPathComponent("Results")
        let date = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21T14:13:20Z
        let r = runner(s, RunSettings(filter: "^flash", seed: 9, shard: RunShard(index: 1, count: 2)))
        let first = try r.start(s, under: results, at: date)
        let second = try r.start(s, under: results, at: date)
        XCTAssertEqual(first.directory.deletingLastPathComponent().lastPathComponent, "tiny")
        XCTAssertEqual(first.directory.lastPathComponent, "2026-09-21T141320Z-\(SystemInfo.hostName())")
        XCTAssertEqual(
            second.directory.lastPathComponent, first.directory.lastPathComponent + "-2",
            "a second run of the same second never reuses a directory")
        XCTAssertTrue(first.cases.allSatisfy { $0.id.hasPrefix("flash") && $0.parameters.seed == 9 })
        XCTAssertEqual(first.cases.count, 1, "2 flash cases, shard 1 of 2")
        let header = first.record
        XCTAssertEqual(header.startedAt, "2026-09-21T14:13:20Z")
        XCTAssertTrue(header.partial)
        XCTAssertTrue(header.cases.isEmpty)
        XCTAssertEqual(header.suite.name, "tiny")
        XCTAssertEqual(header.suite.file, s.path)
        XCTAssertEqual(header.suite.sha256, SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: s.path))))
        XCTAssertEqual(
            header.options, RunOptions(filter: "^flash", quick: false, seed: 9, interleave: false, shard: "1/2"))
    }

    func testAnUnwritableResultsDirectoryIsAnError() throws {
        let s = try suite()
        let file = dir.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try runner(s, RunSettings()).start(s, under: file)) { error in
            guard case RunnerError.cannotCreateDirectory = error else { return XCTFail("\(error)") }
        }
    }
}

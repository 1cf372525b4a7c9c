import Counters
import XCTest

@testable import Harness

/// The runner end to end on tiny suites: sampling, interleaving, counters over worker
/// threads, accuracy and traffic in the records.
final class BenchmarkRunnerTests: XCTestCase {
    func suite(_ body: String) throws -> ExpandedSuite {
        try SuiteLoader().load(yaml: body, file: "test.yaml")
    }

    func run(
        _ s: ExpandedSuite, settings: RunSettings = RunSettings(), counters: [String] = [],
        sink: (RunRecord) throws -> Void = { _ in }
    ) throws -> RunRecord {
        let session = CounterSession(events: counters.isEmpty ? s.suite.measure.counters : counters)
        let start = RunRecord(
            tool: ToolInfo(version: "test"),
            suite: SuiteInfo(name: s.suite.name, description: nil, file: "test.yaml", sha256: ""),
            startedAt: "2026-01-01T00:00:00Z", options: RunOptions(),
            environment: EnvironmentCapture.current(papiVersion: nil),
            counters: CounterAvailability())
        let runner = BenchmarkRunner(
            suite: s, settings: settings, stop: StopSignal(), progress: RunProgress(quiet: true),
            counterSession: session)
        return try runner.run(record: start, sink: sink)
    }

    static let tiny = """
        suite: tiny
        defaults: {batch: 1, heads: 2, kv_heads: 2, seq_len: 48, head_dim: 16, tile: 16x16}
        measure: {warmup: 1, min_samples: 3, max_samples: 4, min_time: 0.001s}
        matrix:
          algorithm: [three-pass, flash]
          causal: [false, true]
        """

    func testEveryCaseIsSampledWithinPolicyAndCarriesTrafficAndAccuracy() throws {
        var sinkCalls = 0
        // A 50 ms minimum sample: calls of this case take µs in a release build and a few
        // ms in a debug build on a busy machine, so they are always batched.
        let record = try run(try suite(Self.tiny), settings: RunSettings(minSampleTime: 0.05)) { partial in
            sinkCalls += 1
            XCTAssertTrue(partial.partial, "records handed over during the run are partial")
        }
        XCTAssertEqual(record.cases.count, 4)
        XCTAssertEqual(sinkCalls, 4, "the sink receives the record after every finished case")
        XCTAssertFalse(record.partial)
        for c in record.cases {
            XCTAssertEqual(c.status, .ok)
            XCTAssertTrue((3...4).contains(c.samples.count), "\(c.id): \(c.samples.count) samples")
            // Short calls are batched so that a sample lasts the minimum sample time.
            XCTAssertTrue(c.samples.allSatisfy { ($0.calls ?? 1) > 1 }, "\(c.id): short calls must be batched")
            XCTAssertEqual(c.statistics["wall_ns"]?.count, c.samples.count)
            let traffic = try XCTUnwrap(c.traffic)
            XCTAssertGreaterThan(traffic.hbmReadBytes, 0)
            XCTAssertEqual(traffic.flops, 4 * 2 * 48 * 48 * 16 / (c.parameters.causal ? 2 : 1))
            let acc = try XCTUnwrap(c.accuracy)
            XCTAssertLessThan(acc.maxAbsError, 1e-5)
            XCTAssertNotNil(c.derived.gflops)
        }
        XCTAssertGreaterThan(record.harnessOverheadNs, 0)
    }

    func testBatchingOffTimesSingleCalls() throws {
        let record = try run(try suite(Self.tiny), settings: RunSettings(filter: "^flash", minSampleTime: 0))
        XCTAssertTrue(record.cases.allSatisfy { $0.samples.allSatisfy { $0.calls == nil } })
    }

    func testInterleavedFilteredAndShardedRuns() throws {
        let s = try suite(Self.tiny)
        let interleaved = try run(s, settings: RunSettings(interleave: true))
        XCTAssertEqual(interleaved.cases.map(\.id), s.cases.map(\.id), "records keep the suite's order")
        XCTAssertTrue(interleaved.cases.allSatisfy { $0.samples.count >= 3 })
        let filtered = try run(s, settings: RunSettings(filter: "^flash"))
        XCTAssertEqual(filtered.cases.count, 2)
        XCTAssertTrue(filtered.cases.allSatisfy { $0.parameters.algorithm == "flash" })
        let one = try run(s, settings: RunSettings(shard: RunShard(index: 1, count: 2))),
            two = try run(s, settings: RunSettings(shard: RunShard(index: 2, count: 2)))
        XCTAssertEqual(Set(one.cases.map(\.id)).union(two.cases.map(\.id)), Set(s.cases.map(\.id)))
        XCTAssertTrue(Set(one.cases.map(\.id)).isDisjoint(with: two.cases.map(\.id)))
        XCTAssertThrowsError(try run(s, settings: RunSettings(filter: "(")))
    }

    /// Counters are summed over both worker threads: TASK-CLOCK covers the process CPU time
    /// even when the work runs on two threads. An unavailable event is never reported as 0.
    func testTaskClockCoversEveryWorkerThread() throws {
        let s = try suite(
            """
            suite: threads
            defaults: {batch: 1, heads: 8, kv_heads: 8, seq_len: 256, head_dim: 64, threads: 2, algorithm: flash}
            measure: {warmup: 1, min_samples: 5, max_samples: 5, min_time: 0.001s,
                      counters: [perf::TASK-CLOCK, PAPI_TOT_INS]}
            """)
        let session = CounterSession(events: s.suite.measure.counters)
        try XCTSkipUnless(
            session.collected.contains("perf::TASK-CLOCK"),
            "PAPI cannot count perf::TASK-CLOCK here: \(session.unavailableReasons)")
        let record = try run(s)
        let samples = try XCTUnwrap(record.cases.first?.samples)
        let clock = samples.compactMap { $0.counters["perf::TASK-CLOCK"] }.map(Double.init).reduce(0, +)
        let cpu = samples.map { Double($0.cpuNs) }.reduce(0, +)
        let wall = samples.map { Double($0.wallNs) }.reduce(0, +)
        // Not only the calling thread (which would give about half the CPU time), and no more
        // than two threads' worth of elapsed time. Not ≈ CPU time from above: on a VM the task
        // clock also counts time the hypervisor took the vCPU away, which CPU time leaves out.
        XCTAssertGreaterThanOrEqual(clock, 0.75 * cpu, "TASK-CLOCK \(clock) ns vs CPU time \(cpu) ns")
        XCTAssertLessThanOrEqual(clock, 2 * wall * 1.05, "TASK-CLOCK \(clock) ns vs wall time \(wall) ns")
        if !session.collected.contains("PAPI_TOT_INS") {
            XCTAssertTrue(samples.allSatisfy { $0.counters["PAPI_TOT_INS"] == nil })
            XCTAssertNotNil(session.unavailableReasons["PAPI_TOT_INS"])
        }
    }
}

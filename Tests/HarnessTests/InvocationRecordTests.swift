import AttentionKernels
import TestFixtures
import XCTest

@testable import Harness

/// Invocation bookkeeping: case orders, the ABBA schedule, the order-seed variable, and
/// combining the records of several invocations into one.
final class InvocationRecordTests: XCTestCase {
    func testCaseOrderSeedShufflesTheSelectionReproducibly() throws {
        let suite = try loadSuite(
            """
            suite: s
            defaults: {heads: 2, head_dim: 16, seq_len: 32, tile: 16x16}
            matrix:
              algorithm: [three-pass, online, flash, flash-v1]
              causal: [false, true]
            """)
        let plain = try RunSettings().selectCases(from: suite).map(\.id)
        let a = try RunSettings(caseOrderSeed: 1).selectCases(from: suite).map(\.id)
        let b = try RunSettings(caseOrderSeed: 2).selectCases(from: suite).map(\.id)
        XCTAssertEqual(Set(a), Set(plain))
        XCTAssertEqual(a.count, plain.count)
        XCTAssertNotEqual(a, plain)
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(try RunSettings(caseOrderSeed: 1).selectCases(from: suite).map(\.id), a)
        // Filter first, then shuffle: the same cases, in another order.
        let filtered = try RunSettings(filter: "^flash", caseOrderSeed: 1).selectCases(from: suite).map(\.id)
        XCTAssertEqual(Set(filtered), Set(plain.filter { $0.hasPrefix("flash") }))
    }

    func testSuiteKeyInvocations() throws {
        let five = try loadSuite("suite: s\nmeasure: {invocations: 5}\n")
        XCTAssertEqual(five.suite.measure.invocations, 5)
        XCTAssertTrue(CaseListing.render(five.cases, measure: five.suite.measure).contains("runs as 5 invocations"))
        XCTAssertEqual(try loadSuite("suite: s\n").suite.measure.invocations, 1)
        for bad in ["0", "1001", "two"] {
            XCTAssertThrowsError(try loadSuite("suite: s\nmeasure: {invocations: \(bad)}\n"), bad) { error in
                XCTAssertTrue("\(error)".contains("invocations"), "\(error)")
                XCTAssertTrue("\(error)".contains("2:"), "names the line: \(error)")
            }
        }
    }

    func testScheduleAlternatesAndSharesTheOrderSeedWithinARound() {
        let command = InvocationCommand(executable: URL(fileURLWithPath: "/bin/true"), arguments: [])
        let series = InvocationSeries(
            suiteName: "s",
            sides: [
                .init(name: "base", command: command),
                .init(name: "current", command: command)
            ],
            rounds: 4, seed: 9)
        XCTAssertEqual((0..<4).map(series.order(round:)), [[0, 1], [1, 0], [0, 1], [1, 0]])
        let seeds = (0..<4).map(series.orderSeed(round:))
        XCTAssertEqual(Set(seeds).count, 4)
        XCTAssertEqual(seeds, (0..<4).map(series.orderSeed(round:)))
    }

    func testOrderSeedVariable() throws {
        XCTAssertNil(try InvocationCommand.orderSeed(in: [:]))
        XCTAssertEqual(
            try InvocationCommand.orderSeed(in: [InvocationCommand.orderSeedVariable: "18446744073709551615"]),
            UInt64.max)
        XCTAssertThrowsError(try InvocationCommand.orderSeed(in: [InvocationCommand.orderSeedVariable: "-1"])) {
            error in
            XCTAssertTrue("\(error)".contains("ATTNBENCH_CASE_ORDER_SEED='-1'"), "\(error)")
        }
        let run = InvocationCommand.run(
            executable: URL(fileURLWithPath: "/x"), suite: "s.yaml", filter: "^a",
            quick: true, seed: 3)
        XCTAssertEqual(run.arguments, ["run", "s.yaml", "--quiet", "--filter", "^a", "--quick", "--seed", "3"])
    }

    func testAccuracyBudgetVariable() throws {
        let name = RunSettings.accuracyBudgetVariable
        XCTAssertNil(try RunSettings.accuracyBudget(in: [:]))
        XCTAssertEqual(try RunSettings.accuracyBudget(in: [name: " 10000000 "]), 10_000_000)
        XCTAssertEqual(
            try RunSettings.accuracyBudget(in: [name: String(RunSettings.maxAccuracyBudget)]),
            RunSettings.maxAccuracyBudget)
        for bad in ["0", "-1", "", "ten", "1e7", String(RunSettings.maxAccuracyBudget + 1)] {
            XCTAssertThrowsError(try RunSettings.accuracyBudget(in: [name: bad])) { error in
                XCTAssertTrue("\(error)".contains("\(name)='\(bad)'"), "\(error)")
            }
        }
    }

    func testCombiningInvocations() throws {
        let specs = [Fixture.Spec(algorithm: "three-pass"), Fixture.Spec(), Fixture.Spec(algorithm: "online")]
        let record = Fixture.multiInvocationRun(specs, seed: 4, invocations: 3, count: 5)
        XCTAssertEqual(record.options.invocations, 3)
        XCTAssertNil(record.options.caseOrderSeed)
        XCTAssertEqual(record.invocations?.map(\.index), [0, 1, 2])
        XCTAssertFalse(record.partial)
        XCTAssertEqual(record.cases.map(\.id), specs.map(\.id))
        XCTAssertEqual(record.notes, ["invocation 1: synthetic"], "child notes kept once")
        for c in record.cases {
            XCTAssertEqual(c.samples.map { $0.invocation ?? -1 }, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
            XCTAssertEqual(c.invocationCount, 3)
            let wall = try XCTUnwrap(c.statistics["wall_ns"])
            XCTAssertEqual(wall.invocations, 3)
            XCTAssertEqual(wall.count, 15)
            XCTAssertEqual(wall.median, Bootstrap.medianOfMedians(c.wallNsByInvocation.map(\.values)))
            XCTAssertEqual(
                try XCTUnwrap(c.derived.gflops), Double(try XCTUnwrap(c.traffic).flops) / wall.median,
                accuracy: 1e-9)
        }
        // Stripped of samples (a baseline), the count comes from the summary.
        var stripped = record.cases[0]
        stripped.samples = []
        XCTAssertEqual(stripped.invocationCount, 3)
        // A record round-trips through JSON.
        XCTAssertEqual(try RunRecord.decode(jsonData: record.jsonData()), record)
    }

    func testCombiningKeepsPartialAndFailedInvocationsHonest() throws {
        let spec = Fixture.Spec()
        var rng = SplitMix64(seed: 1)
        func child(_ index: Int, complete: Bool, cases: [CaseRecord], notes: [String] = []) -> FinishedInvocation {
            var record = Fixture.run(cases)
            record.notes = notes
            record.partial = !complete
            return FinishedInvocation(
                info: InvocationRecord(
                    index: index, caseOrderSeed: 0, startedAt: "t",
                    complete: complete, cases: cases.count), record: record)
        }
        let ok = { Fixture.caseRecord(spec, wallNs: Fixture.samples(median: 1e6, noise: 0.01, count: 4, rng: &rng)) }
        var failed = ok()
        failed.status = .failed
        failed.samples = []
        var changed = ok()
        changed.accuracy?.rmse *= 2
        let combined = try XCTUnwrap(
            RunRecord.combining(
                [
                    child(0, complete: true, cases: [failed], notes: ["case x failed"]),
                    child(1, complete: true, cases: [ok()], notes: ["case x failed"]),
                    child(2, complete: false, cases: [changed], notes: ["interrupted by signal 2"])
                ],
                requested: 5, caseOrder: [spec.id], fallback: nil, startedAt: "s", finishedAt: nil, interrupted: true))
        XCTAssertTrue(combined.partial)
        XCTAssertEqual(combined.cases.count, 1)
        XCTAssertEqual(combined.cases[0].status, .ok, "ok in some invocation")
        XCTAssertEqual(combined.cases[0].invocationIndices, [1, 2])
        XCTAssertEqual(combined.notes.filter { $0.hasSuffix("case x failed") }, ["invocation 1: case x failed"])
        XCTAssertTrue(combined.notes.contains("invocation 3: interrupted by signal 2"))
        XCTAssertTrue(
            combined.notes.contains { $0.contains("differs between invocations 2 and 3") }, "\(combined.notes)")
        XCTAssertNil(
            RunRecord.combining(
                [], requested: 2, caseOrder: [], fallback: nil, startedAt: "s",
                finishedAt: nil, interrupted: true))
    }

    private func loadSuite(_ text: String) throws -> ExpandedSuite {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attnbench-inv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("s.yaml")
        try Data(text.utf8).write(to: url)
        return try SuiteLoader().load(path: url.path)
    }
}

import AttentionKernels
import Foundation
import XCTest

@testable import Harness

/// run.json grows by appending finished cases to a journal and rewriting run.json only
/// when the journal has doubled it: the bytes written stay linear in the run, and a run
/// killed at any moment still loads with every case it finished.
final class RunJournalTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("attnbench-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    static func record(cases: Int) -> RunRecord {
        let parameters = CaseParameters(
            batch: 1, heads: 1, kvHeads: 1, seqLen: 16, kvLen: 16, headDim: 16, causal: false,
            algorithm: "flash", precision: "fp32", scaling: "tensor", incoherent: false,
            tile: nil, effectiveTile: "64x64", sramBytes: nil, profile: nil, gqaPacking: true,
            threads: 1, seed: 1, distribution: .standard)
        var run = RunRecord(
            tool: ToolInfo(version: "test"), suite: SuiteInfo(name: "t", description: nil, file: "t.yaml", sha256: "0"),
            startedAt: "2026-01-01T00:00:00Z", partial: true, options: RunOptions(),
            environment: EnvironmentInfo(
                host: "h", cpuModel: "c", logicalCores: 2, caches: [:], governor: nil,
                kernel: "k", swiftVersion: "s", papiVersion: nil, gitCommit: nil,
                buildConfiguration: "debug", targetCPU: "native"),
            counters: CounterAvailability())
        for i in 0..<cases {
            let samples = (0..<20).map { Sample(wallNs: Int64(1000 + $0 + i), cpuNs: Int64(1000 + $0)) }
            var p = parameters
            p.seed = UInt64(i)
            let wall = Summary(samples: samples.map { Double($0.wallNs) }).map { ["wall_ns": $0] } ?? [:]
            run.cases.append(
                CaseRecord(id: "case-\(i)", parameters: p, layout: "mha", samples: samples, statistics: wall))
        }
        return run
    }

    func testBytesWrittenStayLinearInTheRun() throws {
        let full = Self.record(cases: 500)
        let journal = RunJournal(directory: dir)
        var rewrites = 0
        var partial = full
        partial.cases = []
        for c in full.cases {
            partial.cases.append(c)
            if try journal.update(partial) { rewrites += 1 }
        }
        try journal.finish(full)
        let finalSize = try Data(contentsOf: dir.appendingPathComponent("run.json")).count
        // Rewriting after every case would have written about 250 times the final size.
        XCTAssertLessThan(
            journal.bytesWritten, 5 * finalSize, "\(journal.bytesWritten) bytes for a \(finalSize)-byte record")
        XCTAssertLessThan(rewrites, 16, "run.json rewrites double in size")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent(RunJournal.fileName).path))
        XCTAssertEqual(try RunRecordStore.load(from: dir).cases.map(\.id), full.cases.map(\.id))
    }

    /// A run killed between rewrites: run.json has some cases, the journal the rest, and
    /// the last journal line was cut short.
    func testAKilledRunLoadsWithEveryFinishedCase() throws {
        let full = Self.record(cases: 40)
        let journal = RunJournal(directory: dir)
        var partial = full
        partial.cases = []
        for c in full.cases {
            partial.cases.append(c)
            try journal.update(partial)
        }
        // No finish(): the process died. Cut the journal's last line in half, as a crash could.
        let url = dir.appendingPathComponent(RunJournal.fileName)
        var data = try Data(contentsOf: url)
        XCTAssertFalse(data.isEmpty, "the last cases are only in the journal")
        let lines = data.split(separator: 0x0A)
        let last = try XCTUnwrap(lines.last)
        data = Data(lines.dropLast().joined(separator: [0x0A])) + Data([0x0A]) + Data(last.prefix(30))
        try data.write(to: url)

        let loaded = try RunRecordStore.load(from: dir)
        XCTAssertTrue(loaded.partial)
        XCTAssertEqual(loaded.cases.map(\.id), full.cases.dropLast().map(\.id), "all but the torn case")
        XCTAssertTrue(loaded.notes.contains { $0.contains("recovered from \(RunJournal.fileName)") }, "\(loaded.notes)")

        // Damage before the last line is an error naming the journal and the line.
        try Data("{not json}\n".utf8 + data).write(to: url)
        XCTAssertThrowsError(try RunRecordStore.load(from: dir)) { error in
            XCTAssertTrue("\(error)".contains(RunJournal.fileName) && "\(error)".contains("line 1"), "\(error)")
        }
    }

    func testRunScaleThresholds() {
        XCTAssertFalse(RunScale(cases: 1000, estimatedSeconds: 3600).deservesWarning)
        XCTAssertTrue(RunScale(cases: 1001, estimatedSeconds: 1).deservesWarning)
        XCTAssertTrue(RunScale(cases: 10, estimatedSeconds: 3601).deservesWarning)
        XCTAssertFalse(RunScale(cases: 10_000, estimatedSeconds: 12 * 3600).needsConfirmation)
        XCTAssertTrue(RunScale(cases: 10_001, estimatedSeconds: 1).needsConfirmation)
        XCTAssertTrue(RunScale(cases: 2, estimatedSeconds: 12 * 3600 + 1).needsConfirmation)
        XCTAssertEqual(RunScale(cases: 100_000, estimatedSeconds: 5400).summary, "100000 cases, estimated 1.5 h")
    }
}

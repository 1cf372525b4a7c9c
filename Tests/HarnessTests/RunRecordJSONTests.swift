import Foundation
import TestFixtures
import XCTest

@testable import Harness

/// run.json as Harness writes and reads it: every field round-trips, keys are snake_case,
/// newer or broken documents are clear errors, writes are atomic.
final class RunRecordJSONTests: XCTestCase {
    func testRoundTripPreservesEverything() throws {
        let run = Fixture.fullRecord()
        let data = try run.jsonData()
        let back = try RunRecord.decode(jsonData: data)
        // NaN != NaN, so compare the NaN field separately and then the rest.
        XCTAssertTrue(back.cases[2].statistics["wall_ns"]?.cv.isNaN ?? false)
        var a = run, b = back
        a.cases[2].statistics["wall_ns"]?.cv = 0
        b.cases[2].statistics["wall_ns"]?.cv = 0
        XCTAssertEqual(a, b)
        XCTAssertEqual(try back.jsonData(), data, "encoding is stable")
    }

    func testKeysAreSnakeCaseAndDictionaryKeysUntouched() throws {
        let text = String(decoding: try Fixture.fullRecord().jsonData(), as: UTF8.self)
        for key in [
            "\"schema_version\"", "\"peak_rss_bytes\"", "\"modeled_gb_s\"", "\"target_cpu\"", "\"harness_overhead_ns\"",
            "\"hbm_read_bytes\"", "\"reads_by_operand\"", "\"max_regression\"", "\"l1_miss_rate\"", "\"wall_ns\"",
            "\"PAPI_TOT_INS\"", "\"perf::TASK-CLOCK\"", "\"L1d\"", "\"m,l\"", "\"outlier_fraction\"", "\"hbm_bytes\"",
            "\"SLURM_ARRAY_JOB_ID\"", "\"bandwidth_bytes_per_second\"", "\"shard_source\"", "\"tool_version\""
        ] {
            XCTAssertTrue(text.contains(key), "missing \(key)")
        }
        for camel in ["schemaVersion", "peakRSSBytes", "modeledGBs", "hbmReadBytes", "wallNs"] {
            XCTAssertFalse(text.contains("\"\(camel)\""), "camelCase key \(camel) leaked")
        }
        XCTAssertTrue(text.contains("\"cv\" : \"nan\""), "NaN is written as a string")
        let schemaLine = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("schema_version") })
        XCTAssertTrue(schemaLine.contains("1"))
    }

    func testKeyConversionRoundTrips() {
        for name in [
            "peakRSSBytes", "modeledGBs", "targetCPU", "l1MissRate", "ciLow", "sha256", "p90", "schemaVersion",
            "kvCacheBytes", "relativeFrobenius", "hardwareCounters", "exitStatus"
        ] {
            XCTAssertEqual(RecordJSON.camelCase(RecordJSON.snakeCase(name)), name, name)
        }
        XCTAssertEqual(RecordJSON.snakeCase("PAPI_TOT_INS"), "PAPI_TOT_INS")
        XCTAssertEqual(RecordJSON.camelCase("perf::TASK-CLOCK"), "perf::TASK-CLOCK")
    }

    func testNewerSchemaVersionIsAClearError() throws {
        var run = Fixture.run([])
        run.schemaVersion = RunRecord.currentSchemaVersion + 1
        let data = try run.jsonData()
        XCTAssertThrowsError(try RunRecord.decode(jsonData: data, path: "x/run.json")) { error in
            XCTAssertEqual(
                error as? RunRecordError, .unsupportedSchemaVersion(path: "x/run.json", found: 2, supported: 1))
            XCTAssertTrue("\(error)".contains("newer attnbench"), "\(error)")
        }
    }

    func testInvalidDocumentsAreClearErrors() {
        XCTAssertThrowsError(try RunRecord.decode(jsonData: Data("{\"suite\": 1}".utf8), path: "a.json")) { error in
            XCTAssertEqual(error as? RunRecordError, .missingSchemaVersion(path: "a.json"))
        }
        XCTAssertThrowsError(try RunRecord.decode(jsonData: Data("not json".utf8), path: "b.json")) { error in
            guard case .invalid(let path, _)? = error as? RunRecordError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "b.json")
        }
        XCTAssertThrowsError(
            try RunRecord.decode(jsonData: Data("{\"schema_version\": 1, \"cases\": []}".utf8), path: "c.json")
        ) {
            XCTAssertTrue("\($0)".contains("missing key"), "\($0)")
        }
    }

    func testOptionalFieldsMayBeAbsent() throws {
        // An older writer may omit optional fields: they decode as nil.
        var object = try XCTUnwrap(
            JSONSerialization.jsonObject(with: try Fixture.fullRecord().jsonData()) as? [String: Any])
        object.removeValue(forKey: "finished_at")
        var env = try XCTUnwrap(object["environment"] as? [String: Any])
        env.removeValue(forKey: "git_commit")
        env.removeValue(forKey: "papi_version")
        object["environment"] = env
        let data = try JSONSerialization.data(withJSONObject: object)
        let run = try RunRecord.decode(jsonData: data)
        XCTAssertNil(run.finishedAt)
        XCTAssertNil(run.environment.gitCommit)
    }

    func testStoreWritesAtomicallyAndLoadsDirectoryOrFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attnbench-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = Fixture.syntheticRun(Array(Fixture.matrix().prefix(3)), seed: 1)
        let file = try RunRecordStore.write(run, toDirectory: dir.appendingPathComponent("nested"))
        XCTAssertEqual(file.lastPathComponent, "run.json")
        XCTAssertEqual(try RunRecordStore.load(from: dir.appendingPathComponent("nested")), run)
        XCTAssertEqual(try RunRecordStore.load(file.path), run)
        // Overwrite in place; no temporary files left behind.
        var changed = run
        changed.notes.append("second write")
        try RunRecordStore.write(changed, toDirectory: dir.appendingPathComponent("nested"))
        XCTAssertEqual(try RunRecordStore.load(from: file).notes.last, "second write")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("nested").path)
        XCTAssertEqual(leftovers, ["run.json"])
        XCTAssertThrowsError(try RunRecordStore.load(dir.appendingPathComponent("nope").path)) {
            XCTAssertTrue("\($0)".contains("no run record here"), "\($0)")
        }
    }
}

import Counters
import Foundation
import Harness
import XCTest
@testable import Reports

final class RunRecordJSONTests: XCTestCase {
    /// A record with every optional filled in, counters, failed case and notes.
    static func fullRecord() -> RunRecord {
        let counters = CounterAvailability(requested: ["PAPI_TOT_INS", "perf::TASK-CLOCK"], collected: ["perf::TASK-CLOCK"],
                                           unavailable: [.init(event: "PAPI_TOT_INS", reason: "Event does not exist (-7)")],
                                           hardwareCounters: false, note: "no PMU")
        var rng = SeededGenerator(seed: 9)
        var specs = [Fixture.Spec(algorithm: "three-pass", seqLen: 256), Fixture.Spec(seqLen: 256),
                     Fixture.Spec(precision: "fp8-e4m3", scaling: "block", incoherent: true)]
        specs[1].tile = nil
        var cases = specs.map { s in
            Fixture.caseRecord(s, wallNs: Fixture.samples(median: 2e5, noise: 0.05, count: 7, rng: &rng),
                               counters: ["perf::TASK-CLOCK": 199_000])
        }
        cases[0].derived = DerivedMetrics(gflops: 12.5, modeledGBs: 3.25, arithmeticIntensity: 8, ipc: 1.5,
                                          l1MissRate: 0.02, l2MissRate: 0.3)
        cases[0].parameters.profile = "H100"
        cases[0].derived.llMissRate = 0.5
        cases[0].derived.branchMissRate = 0.01
        cases[0].derived.instructionsPerFlop = 0.3
        cases[0].derived.llBytesPerFlop = 0.2
        cases[0].derived.sources = ["ipc": "papi", "ll_miss_rate": "sim"]
        cases[0].statistics["sim::Ir"] = Summary(samples: [1_234_567])
        let level = SimulatedCache(sizeBytes: 96 << 10, ways: 24, lineBytes: 64)
        let geometry = CacheGeometry(i1: CacheGeometry.typicalL1, d1: CacheGeometry.typicalL1, ll: level)
        cases[0].simulation = CaseSimulation(geometry: geometry, totals: ["Ir": 1_234_567, "DLmr": 900, "DLmw": 100],
                                             hbmBytes: 64_000, hbmRatio: 0.95, profile: "callgrind/callgrind.out.x",
                                             functions: [SimulatedFunction(name: "valueTile(pT:)", object: "attnbench", ir: 600_000)],
                                             seconds: 2.5)
        cases[1].status = .failed
        cases[2].statistics["wall_ns"]?.cv = .nan
        var run = Fixture.run(cases, checks: Fixture.checks, counters: counters, partial: true)
        run.options = RunOptions(filter: "algorithm=flash", quick: true, seed: 7, interleave: true, shard: "1/2")
        run.environment.governor = "performance"
        run.notes = ["case flash-L256 failed: tile over SRAM", "quote \" and, comma"]
        run.simulation = SimulationSource(valgrindVersion: "valgrind-3.19.0", binary: ".build-sim/release/attnbench",
                                          binaryDigest: String(repeating: "cd", count: 32), build: "release, haswell",
                                          cacheSetting: "sram", geometry: geometry, options: ["--tool=callgrind"],
                                          threads: 1, profilesKept: true, unavailableReason: "example")
        return run
    }

    func testRoundTripPreservesEverything() throws {
        let run = Self.fullRecord()
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
        let text = String(decoding: try Self.fullRecord().jsonData(), as: UTF8.self)
        for key in ["\"schema_version\"", "\"peak_rss_bytes\"", "\"modeled_gb_s\"", "\"target_cpu\"", "\"harness_overhead_ns\"",
                    "\"hbm_read_bytes\"", "\"reads_by_operand\"", "\"max_regression\"", "\"l1_miss_rate\"", "\"wall_ns\"",
                    "\"PAPI_TOT_INS\"", "\"perf::TASK-CLOCK\"", "\"L1d\"", "\"m,l\"", "\"outlier_fraction\"", "\"hbm_bytes\""] {
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
        for name in ["peakRSSBytes", "modeledGBs", "targetCPU", "l1MissRate", "ciLow", "sha256", "p90", "schemaVersion",
                     "kvCacheBytes", "relativeFrobenius", "hardwareCounters", "exitStatus"] {
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
            XCTAssertEqual(error as? RunRecordError, .unsupportedSchemaVersion(path: "x/run.json", found: 2, supported: 1))
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
        XCTAssertThrowsError(try RunRecord.decode(jsonData: Data("{\"schema_version\": 1, \"cases\": []}".utf8), path: "c.json")) {
            XCTAssertTrue("\($0)".contains("missing key"), "\($0)")
        }
    }

    func testOptionalFieldsMayBeAbsent() throws {
        // An older writer may omit optional fields: they decode as nil.
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: try Self.fullRecord().jsonData()) as? [String: Any])
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

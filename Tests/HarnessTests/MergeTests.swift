import AttentionKernels
import XCTest

@testable import Harness

/// `RunRecord.merge`: shards of one machine type merge; different CPU models, builds,
/// commits or suites are refused unless mixing is allowed, and then recorded; incomplete
/// shard sets are partial; every case keeps its host.
final class MergeTests: XCTestCase {
    static func environment(
        host: String, cpu: String = "AMD EPYC 9R14", cores: Int = 2,
        commit: String? = "0123456789ab"
    ) -> EnvironmentInfo {
        EnvironmentInfo(
            host: host, cpuModel: cpu, logicalCores: cores, caches: ["L2": 1 << 20], governor: nil,
            kernel: "Linux", swiftVersion: "6.3.1", papiVersion: nil, gitCommit: commit,
            buildConfiguration: "release", targetCPU: "native (\(cpu))",
            hostProfile: HostPerformance(
                peakFlops: 1.2e11, bandwidthBytesPerSecond: 2e10,
                measuredAt: "2026-01-01T00:00:00Z"))
    }

    static func caseRecord(_ id: String, host: String? = nil) -> CaseRecord {
        let p = CaseParameters(
            batch: 1, heads: 2, kvHeads: 2, seqLen: 64, kvLen: 64, headDim: 16, causal: false,
            algorithm: "flash", precision: "fp32", scaling: "tensor", incoherent: false, tile: nil,
            effectiveTile: "64x64", sramBytes: nil, profile: nil, gqaPacking: true, threads: 1,
            seed: 42, distribution: InputDistribution())
        return CaseRecord(id: id, parameters: p, layout: "mha", host: host)
    }

    static func shard(
        _ k: Int?, of n: Int, ids: [String], env: EnvironmentInfo, sha: String = "aa",
        scheduler: SchedulerInfo? = nil
    ) -> RunRecord {
        RunRecord(
            tool: ToolInfo(version: "1.0"), suite: SuiteInfo(name: "s", description: nil, file: "s.yaml", sha256: sha),
            startedAt: "2026-01-01T00:00:0\(k ?? 0)Z", finishedAt: "2026-01-01T00:01:00Z",
            options: RunOptions(shard: k.map { "\($0)/\(n)" }), environment: env,
            counters: CounterAvailability(), cases: ids.map { caseRecord($0, host: env.host) }, scheduler: scheduler)
    }

    func testShardsOfOneCPUModelOnTwoHostsMergeWithHostsAndJobIds() throws {
        let slurm = SchedulerInfo(name: "slurm", variables: ["SLURM_ARRAY_JOB_ID": "77", "SLURM_ARRAY_TASK_ID": "1"])
        let two = Self.shard(2, of: 2, ids: ["c", "d"], env: Self.environment(host: "node2"), scheduler: slurm)
        let one = Self.shard(1, of: 2, ids: ["a", "b"], env: Self.environment(host: "node1"))
        let merged = try RunRecord.merge([("r2", two), ("r1", one)])
        XCTAssertEqual(merged.cases.map(\.id), ["a", "b", "c", "d"], "shards in K order")
        XCTAssertEqual(merged.cases.map(\.host), ["node1", "node1", "node2", "node2"])
        XCTAssertFalse(merged.partial)
        XCTAssertNil(merged.mixed)
        XCTAssertNil(merged.options.shard)
        XCTAssertEqual(merged.shards?.map(\.source), ["r1", "r2"])
        XCTAssertEqual(merged.shards?.map(\.environment.host), ["node1", "node2"])
        XCTAssertEqual(merged.shards?.last?.scheduler?.variables["SLURM_ARRAY_JOB_ID"], "77")
        XCTAssertTrue(merged.notes.last?.contains("2 hosts (node1, node2)") ?? false, "\(merged.notes)")
        // run.json round trip keeps all of it.
        XCTAssertEqual(try RunRecord.decode(jsonData: merged.jsonData()), merged)
    }

    func testDifferentCPUModelsAreRefusedUnlessMixingIsAllowed() throws {
        let amd = Self.shard(1, of: 2, ids: ["a"], env: Self.environment(host: "amd1"))
        let intel = Self.shard(
            2, of: 2, ids: ["b"], env: Self.environment(host: "xeon1", cpu: "Intel Xeon Platinum 8488C"))
        XCTAssertThrowsError(try RunRecord.merge([("amd", amd), ("intel", intel)])) { error in
            guard case let RunRecord.MergeError.mixed(differences) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(differences.map(\.kind), [.cpuModel], "a native build's target is not a second difference")
            XCTAssertTrue("\(error)".contains("Intel Xeon Platinum 8488C"), "\(error)")
            XCTAssertTrue("\(error)".contains("not comparable"), "\(error)")
        }
        let merged = try RunRecord.merge([("amd", amd), ("intel", intel)], options: .init(allowMixed: true))
        XCTAssertEqual(merged.mixed, ["cpu_model"])
        XCTAssertEqual(merged.cases.map(\.host), ["amd1", "xeon1"], "each case keeps the host that timed it")
        XCTAssertTrue(merged.notes.contains { $0.hasPrefix("mixed: different CPU models") }, "\(merged.notes)")
    }

    func testDifferentSuitesCommitsAndCoreCountsAreRefused() {
        let base = Self.shard(1, of: 2, ids: ["a"], env: Self.environment(host: "h1"))
        let otherSuite = Self.shard(2, of: 2, ids: ["b"], env: Self.environment(host: "h1"), sha: "bb")
        let otherCommit = Self.shard(2, of: 2, ids: ["b"], env: Self.environment(host: "h1", commit: "fedcba987654"))
        let otherCores = Self.shard(2, of: 2, ids: ["b"], env: Self.environment(host: "h2", cores: 64))
        let noCommit = Self.shard(2, of: 2, ids: ["b"], env: Self.environment(host: "h1", commit: nil))
        for (other, kind) in [
            (otherSuite, MergeDifference.Kind.suite), (otherCommit, .gitCommit), (otherCores, .logicalCores)
        ] {
            XCTAssertThrowsError(try RunRecord.merge([("base", base), ("other", other)])) { error in
                XCTAssertEqual(
                    error as? RunRecord.MergeError, .mixed(MergeDifference.find(in: [("base", base), ("other", other)]))
                )
                guard case let RunRecord.MergeError.mixed(d) = error else { return }
                XCTAssertEqual(d.map(\.kind), [kind])
            }
        }
        XCTAssertNoThrow(
            try RunRecord.merge([("base", base), ("other", noCommit)]), "an unknown commit is not a difference")
    }

    func testIncompleteShardSetIsPartialAndRepeatsAreRefused() throws {
        let env = Self.environment(host: "h")
        let one = Self.shard(1, of: 3, ids: ["a"], env: env), three = Self.shard(3, of: 3, ids: ["c"], env: env)
        let merged = try RunRecord.merge([("one", one), ("three", three)])
        XCTAssertTrue(merged.partial)
        XCTAssertTrue(merged.notes.last?.contains("shard 2/3 missing") ?? false, "\(merged.notes)")
        XCTAssertThrowsError(try RunRecord.merge([("one", one), ("again", Self.shard(1, of: 3, ids: [], env: env))])) {
            XCTAssertEqual($0 as? RunRecord.MergeError, .duplicateShard(path: "again", shard: "1/3"))
        }
        XCTAssertThrowsError(try RunRecord.merge([("one", one), ("dup", Self.shard(2, of: 3, ids: ["a"], env: env))])) {
            XCTAssertEqual($0 as? RunRecord.MergeError, .duplicateCase(path: "dup", id: "a"))
        }
        XCTAssertThrowsError(try RunRecord.merge([("one", one), ("n4", Self.shard(2, of: 4, ids: ["b"], env: env))])) {
            guard case let RunRecord.MergeError.mixed(d) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(d.map(\.kind), [.shardCount])
        }
    }

    func testOldRecordsWithoutHostsGetTheirRunsHost() throws {
        var old = Self.shard(nil, of: 1, ids: ["a", "b"], env: Self.environment(host: "old"))
        old.cases = old.cases.map {
            var c = $0; c.host = nil; return c
        }
        let merged = try RunRecord.merge([("old", old)])
        XCTAssertEqual(merged.cases.map(\.host), ["old", "old"])
        XCTAssertFalse(merged.partial, "unsharded runs cannot tell whether anything is missing")
    }
}

import XCTest

@testable import Harness

/// Shards from the command line and from Slurm, Kubernetes, GitHub Actions and GitLab
/// environments; an explicit --shard wins; bad or disagreeing variables are errors.
final class ShardAssignmentTests: XCTestCase {
    func resolve(_ env: [String: String], shard: String? = nil, shards: Int? = nil) throws -> ShardAssignment {
        try ShardAssignment.resolve(shard: shard.flatMap { RunShard(parsing: $0) }, shards: shards, environment: env)
    }

    func assertError(
        _ env: [String: String], shard: String? = nil, shards: Int? = nil, mentions text: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try resolve(env, shard: shard, shards: shards), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(text), "'\(error)' does not mention '\(text)'", file: file, line: line)
        }
    }

    func testNothingSetRunsEverything() throws {
        let a = try resolve([:])
        XCTAssertNil(a.shard)
        XCTAssertNil(a.scheduler)
        XCTAssertEqual(try resolve(["PATH": "/bin"]), ShardAssignment())
    }

    func testSlurmArrayFromZeroFromOneAndWithAStep() throws {
        let zero = try resolve([
            "SLURM_JOB_ID": "1001", "SLURM_ARRAY_JOB_ID": "1000", "SLURM_ARRAY_TASK_ID": "0",
            "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3", "SLURM_ARRAY_TASK_COUNT": "4"
        ])
        XCTAssertEqual(zero.shard, RunShard(index: 1, count: 4))
        XCTAssertEqual(zero.scheduler?.name, "slurm")
        XCTAssertEqual(zero.scheduler?.variables["SLURM_ARRAY_JOB_ID"], "1000")
        XCTAssertEqual(zero.scheduler?.variables["SLURM_JOB_ID"], "1001")
        XCTAssertEqual(zero.scheduler?.shardSource, zero.source)
        XCTAssertTrue(zero.source?.contains("SLURM_ARRAY_TASK_ID=0") ?? false)
        // --array=1-8: task 8 is the last of 8, not out of range.
        let one = try resolve([
            "SLURM_JOB_ID": "7", "SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_MIN": "1",
            "SLURM_ARRAY_TASK_MAX": "8", "SLURM_ARRAY_TASK_COUNT": "8"
        ])
        XCTAssertEqual(one.shard, RunShard(index: 8, count: 8))
        // --array=0-12:4 → ids 0, 4, 8, 12.
        let step = try resolve([
            "SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "12",
            "SLURM_ARRAY_TASK_STEP": "4", "SLURM_ARRAY_TASK_COUNT": "4"
        ])
        XCTAssertEqual(step.shard, RunShard(index: 3, count: 4))
        // Older Slurm without COUNT: N from MIN and MAX.
        let noCount = try resolve(["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_MAX": "6"]
        )
        XCTAssertEqual(noCount.shard, RunShard(index: 3, count: 4))
    }

    func testSlurmListsAndBadValuesAreRefused() {
        // --array=1,3,7: COUNT 3 but MIN..MAX spans 7 ids.
        assertError(
            [
                "SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "7",
                "SLURM_ARRAY_TASK_COUNT": "3"
            ], mentions: "not the range")
        assertError(["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "3"], mentions: "SLURM_ARRAY_TASK_ID='x'")
        assertError(["SLURM_ARRAY_TASK_ID": "2"], mentions: "SLURM_ARRAY_TASK_COUNT")
        assertError(
            ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4"],
            mentions: "not one of the array's 4 ids")
    }

    func testExplicitShardWinsOverTheScheduler() throws {
        let env = [
            "SLURM_JOB_ID": "9", "SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0",
            "SLURM_ARRAY_TASK_COUNT": "4", "ATTNBENCH_SHARD": "3/4"
        ]
        let a = try resolve(env, shard: "1/1")
        XCTAssertEqual(a.shard, RunShard(index: 1, count: 1), "--shard 1/1 runs every case inside an array")
        XCTAssertEqual(a.source, "--shard 1/1")
        XCTAssertEqual(a.scheduler?.name, "slurm", "the job ids are still recorded")
        XCTAssertEqual(try resolve(env).shard, RunShard(index: 3, count: 4), "ATTNBENCH_SHARD before the array")
        let pod = ["JOB_COMPLETION_INDEX": "2", "ATTNBENCH_SHARDS": "4"]
        XCTAssertEqual(
            try resolve(pod, shard: "1/1").shard, RunShard(index: 1, count: 1),
            "--shard 1/1 inside an indexed Job is not checked against ATTNBENCH_SHARDS")
    }

    func testKubernetesIndexedJobNeedsTheShardCount() throws {
        let env = [
            "JOB_COMPLETION_INDEX": "2", "KUBERNETES_SERVICE_HOST": "10.0.0.1", "HOSTNAME": "bench-2-x7k",
            "JOB_NAME": "bench"
        ]
        assertError(env, mentions: "--shards N or set ATTNBENCH_SHARDS")
        let a = try resolve(env, shards: 4)
        XCTAssertEqual(a.shard, RunShard(index: 3, count: 4))
        XCTAssertEqual(a.scheduler?.name, "kubernetes")
        XCTAssertEqual(a.scheduler?.variables["HOSTNAME"], "bench-2-x7k")
        XCTAssertEqual(a.scheduler?.variables["JOB_NAME"], "bench")
        XCTAssertEqual(try resolve(env.merging(["ATTNBENCH_SHARDS": "3"]) { $1 }).shard, RunShard(index: 3, count: 3))
        assertError(env, shards: 2, mentions: "JOB_COMPLETION_INDEX=2 is not below --shards 2")
        assertError(env.merging(["ATTNBENCH_SHARDS": "three"]) { $1 }, mentions: "ATTNBENCH_SHARDS='three'")
    }

    func testGitHubActionsMatrixAndGitLabParallel() throws {
        let github = try resolve([
            "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "42", "RUNNER_NAME": "r1",
            "ATTNBENCH_SHARD": "2/3"
        ])
        XCTAssertEqual(github.shard, RunShard(index: 2, count: 3))
        XCTAssertEqual(
            github.scheduler,
            SchedulerInfo(
                name: "github-actions", variables: ["GITHUB_RUN_ID": "42", "RUNNER_NAME": "r1"],
                shardSource: "ATTNBENCH_SHARD=2/3"))
        XCTAssertNil(try resolve(["GITHUB_ACTIONS": "true"]).shard, "a plain workflow job is not sharded")
        let gitlab = try resolve(["GITLAB_CI": "true", "CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "2", "CI_JOB_ID": "5"])
        XCTAssertEqual(gitlab.shard, RunShard(index: 1, count: 2), "GitLab's index is 1-based already")
        assertError(["ATTNBENCH_SHARD": "5/4"], mentions: "ATTNBENCH_SHARD='5/4'")
    }

    func testShardCountMustAgreeAndNeedsAnIndex() {
        assertError([:], shards: 4, mentions: "nothing gives this process's index")
        assertError(["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "8"], shards: 4, mentions: "disagrees")
        assertError([:], shard: "1/2", shards: 3, mentions: "--shards 3 disagrees with --shard 1/2")
        assertError([:], shards: 0, mentions: "at least 1")
    }
}

import Foundation
import Harness
import XCTest

/// docs/scale-out.md end to end: its commands, exactly as written there, run as the
/// schedulers would start them — three shard processes at once, each taking its shard from
/// a different scheduler's variables and posing as its own host — then merged, reported,
/// and compared with a single-process run of the same suite; then two "machines" in a fleet
/// report. Schedulers themselves are the only thing left out.
final class ScaleOutTests: CLITestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Variables a scheduler or CI system running this test could have set; the processes
    /// started here see only the ones each test sets.
    static let schedulerVariables = [
        "JOB_COMPLETION_INDEX", "KUBERNETES_SERVICE_HOST", "GITHUB_ACTIONS", "GITLAB_CI",
        "CI_NODE_INDEX", "CI_NODE_TOTAL", "ATTNBENCH_SHARD", "ATTNBENCH_SHARDS",
        "ATTNBENCH_HOST", "ATTNBENCH_CACHE_DIR"
    ]

    var base: [String: String] = [:]

    override func setUpWithError() throws {
        try super.setUpWithError()
        let suite = try CLIFixture.write(CLIFixture.tinySuite(), to: dir, as: "tiny.yaml")
        // A release-measured host profile in a private cache: the debug build under test
        // records it instead of measuring (see HostProfiler).
        let cache = dir.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter().string(from: Date())
        let profile: [String: Any] = [
            "name": "host", "sramBytes": 1 << 21, "bandwidth": 1.4e10, "peakFP32": 1.4e11,
            "source": "test fixture"
        ]
        let cached: [String: Any] = [
            "measuredAt": stamp, "cpuModel": SystemInfo.cpuModel(), "build": "release",
            "profile": profile
        ]
        try JSONSerialization.data(withJSONObject: cached).write(to: cache.appendingPathComponent("host-profile.json"))
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("SLURM_") && !Self.schedulerVariables.contains(key)
        }
        env["PATH"] = CLIRunner.productsDirectory.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["SUITE"] = suite
        env["OUT"] = dir.appendingPathComponent("out").path
        env["ATTNBENCH_CACHE_DIR"] = cache.path
        base = env
    }

    /// Every `attnbench run|merge|report …` line inside the fenced code blocks of
    /// docs/scale-out.md, in order, without repeats.
    static func documentedCommands() throws -> [String] {
        let text = try String(contentsOf: repository.appendingPathComponent("docs/scale-out.md"), encoding: .utf8)
        var inBlock = false
        var commands: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inBlock.toggle()
                continue
            }
            guard inBlock,
                let start = line.range(of: #"attnbench (run|merge|report)\b.*$"#, options: .regularExpression)
            else { continue }
            let command = line[start].trimmingCharacters(in: .whitespaces)
            if !commands.contains(command) { commands.append(command) }
        }
        return commands
    }

    /// Starts `command` with `/bin/sh -c` in the scratch directory; output goes to files.
    func launch(_ command: String, _ extra: [String: String] = [:], name: String) throws -> (Process, URL, URL) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = dir
        p.environment = base.merging(extra) { $1 }
        let out = dir.appendingPathComponent("\(name).out"), err = dir.appendingPathComponent("\(name).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        return (p, out, err)
    }

    /// Runs the commands at once and returns (status, stdout, stderr) of each.
    func runTogether(_ jobs: [(command: String, env: [String: String])]) throws -> [(Int32, String, String)] {
        let started = try jobs.enumerated().map { i, job in
            try launch(job.command, job.env, name: "job\(i)-\(UUID().uuidString)")
        }
        return try started.map { p, out, err in
            p.waitUntilExit()
            return (
                p.terminationStatus, try String(contentsOf: out, encoding: .utf8),
                try String(contentsOf: err, encoding: .utf8)
            )
        }
    }

    func sh(_ command: String, _ extra: [String: String] = [:]) throws -> (Int32, String, String) {
        try runTogether([(command, extra)])[0]
    }

    static let runShards = #"attnbench run "$SUITE" --out "$OUT/shards""#
    static let merge = #"attnbench merge "$OUT"/shards/*/*/ --out "$OUT/merged""#
    static let report = #"attnbench report "$OUT/merged" --roofline-profile h100"#
    static let runMachine = #"attnbench run "$SUITE" --out "$OUT/runs""#
    static let fleet = #"attnbench report --by host "$OUT"/runs/*/*/ --out "$OUT/fleet""#

    func testTheDocumentedRecipesShardMergeReportAndMatchOneProcess() throws {
        XCTAssertEqual(
            try Self.documentedCommands(), [Self.runShards, Self.merge, Self.report, Self.runMachine, Self.fleet],
            "docs/scale-out.md's commands are exactly the ones this test runs")
        let out = dir.appendingPathComponent("out")
        // Shards 1, 2, 3 of 3 from a Slurm array (starting at 0), a Kubernetes indexed Job and
        // a GitHub Actions matrix; two whole runs as two "machines" for the fleet report.
        let results = try runTogether([
            (
                Self.runShards,
                [
                    "ATTNBENCH_HOST": "node-a", "SLURM_JOB_ID": "501", "SLURM_ARRAY_JOB_ID": "500",
                    "SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "2",
                    "SLURM_ARRAY_TASK_COUNT": "3"
                ]
            ),
            (
                Self.runShards,
                [
                    "ATTNBENCH_HOST": "node-b", "JOB_COMPLETION_INDEX": "1", "ATTNBENCH_SHARDS": "3",
                    "KUBERNETES_SERVICE_HOST": "10.0.0.1", "JOB_NAME": "attnbench-shards"
                ]
            ),
            (
                Self.runShards,
                [
                    "ATTNBENCH_HOST": "node-c", "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "77",
                    "ATTNBENCH_SHARD": "3/3"
                ]
            ),
            (Self.runMachine, ["ATTNBENCH_HOST": "box-a"]),
            (Self.runMachine, ["ATTNBENCH_HOST": "box-b"])
        ])
        for (i, (status, _, stderr)) in results.enumerated() { XCTAssertEqual(status, 0, "job \(i): \(stderr)") }
        XCTAssertTrue(results[0].2.contains("note: running shard 1/3 (from SLURM_ARRAY_TASK_ID=0"), results[0].2)
        XCTAssertTrue(
            results[1].2.contains("note: running shard 2/3 (from JOB_COMPLETION_INDEX=1 with ATTNBENCH_SHARDS=3)"))
        XCTAssertTrue(results[2].2.contains("note: running shard 3/3 (from ATTNBENCH_SHARD=3/3)"), results[2].2)
        XCTAssertFalse(results[3].2.contains("running shard"), "outside a scheduler every case runs")

        let (status, stdout, stderr) = try sh(Self.merge)
        XCTAssertEqual(status, 0, stderr)
        XCTAssertTrue(stdout.contains("merged 4 cases from 3 shards on 3 hosts"), stdout)
        let merged = try RunRecordStore.load(out.appendingPathComponent("merged").path)
        let whole = try RunRecordStore.load(
            try runDirectory(in: out.appendingPathComponent("runs"), host: "box-a").path)
        // The same cases with the same deterministic metrics as one process running them all.
        XCTAssertEqual(merged.cases.map(\.id).sorted(), whole.cases.map(\.id).sorted())
        let byID = Dictionary(uniqueKeysWithValues: whole.cases.map { ($0.id, $0) })
        for c in merged.cases {
            let w = try XCTUnwrap(byID[c.id])
            XCTAssertEqual(c.status, .ok, c.id)
            XCTAssertEqual(c.parameters, w.parameters, c.id)
            XCTAssertEqual(c.traffic, w.traffic, c.id)
            XCTAssertEqual(c.accuracy, w.accuracy, c.id)
            XCTAssertEqual(c.derived.arithmeticIntensity, w.derived.arithmeticIntensity, c.id)
        }
        XCTAssertFalse(merged.partial)
        XCTAssertNil(merged.mixed, "one CPU model: nothing mixed")
        let shards = try XCTUnwrap(merged.shards)
        XCTAssertEqual(shards.map(\.shard), ["1/3", "2/3", "3/3"])
        XCTAssertEqual(shards.map(\.environment.host), ["node-a", "node-b", "node-c"])
        XCTAssertEqual(shards.map { $0.scheduler?.name }, ["slurm", "kubernetes", "github-actions"])
        XCTAssertEqual(shards[0].scheduler?.variables["SLURM_ARRAY_JOB_ID"], "500")
        XCTAssertEqual(shards[1].scheduler?.variables["JOB_NAME"], "attnbench-shards")
        XCTAssertEqual(shards[2].scheduler?.variables["GITHUB_RUN_ID"], "77")
        XCTAssertEqual(Set(merged.cases.compactMap(\.host)), ["node-a", "node-b", "node-c"])
        XCTAssertEqual(merged.environment.hostProfile?.peakFlops, 1.4e11, "the recorded peaks")
        XCTAssertTrue(whole.cases.allSatisfy { $0.host == "box-a" })

        let reported = try sh(Self.report)
        XCTAssertEqual(reported.0, 0, reported.2)
        for host in ["node-a", "node-b", "node-c"] {
            let svg = try String(contentsOf: out.appendingPathComponent("merged/roofline-\(host).svg"), encoding: .utf8)
            XCTAssertTrue(svg.contains("data-name=\"H100 FP32\"") && svg.contains("data-peak-gflops=\"140.0\""), host)
        }
        let md = try String(contentsOf: out.appendingPathComponent("merged/report.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("## Shards") && md.contains("SLURM_ARRAY_JOB_ID=500"), md)

        let fleet = try sh(Self.fleet)
        XCTAssertEqual(fleet.0, 0, fleet.2)
        let fleetMD = try String(contentsOf: out.appendingPathComponent("fleet/fleet.md"), encoding: .utf8)
        for text in [
            "| box-a time |", "| box-b vs box-a |", "140 GFLOP/s", "(roofline-box-a.svg)", "(roofline-box-b.svg)"
        ] {
            XCTAssertTrue(fleetMD.contains(text), "fleet.md lacks \(text)")
        }
        XCTAssertEqual(try CLIFixture.csvLines(out.appendingPathComponent("fleet/fleet.csv")).count, 1 + 4)
        // Running the report again replaces its own files; someone else's file is refused.
        XCTAssertEqual(try sh(Self.fleet).0, 0)
        try Data("notes".utf8).write(to: out.appendingPathComponent("runs/fleet.md"))
        let clobber = try sh(#"attnbench report --by host "$OUT"/runs/*/*/ --out "$OUT/runs""#)
        XCTAssertEqual(clobber.0, 2, clobber.2)
        XCTAssertTrue(clobber.2.contains("fleet.md exists and was not written by a fleet report"), clobber.2)
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent("runs/fleet.md"), encoding: .utf8), "notes")
    }

    func testMergeRefusesMixedCPUsUnlessAllowedAndMarksMissingShards() throws {
        let results = try runTogether([
            (Self.runShards, ["ATTNBENCH_HOST": "amd-1", "ATTNBENCH_SHARD": "1/3"]),
            (Self.runShards, ["ATTNBENCH_HOST": "xeon-1", "ATTNBENCH_SHARD": "2/3"])
        ])
        for (status, _, stderr) in results { XCTAssertEqual(status, 0, stderr) }
        let xeon = try runDirectory(in: dir.appendingPathComponent("out/shards"), host: "xeon-1")
        var json = try CLIFixture.loadJSON(xeon.appendingPathComponent("run.json"))
        var environment = try XCTUnwrap(json["environment"] as? [String: Any])
        environment["cpu_model"] = "Intel(R) Xeon(R) Platinum 8488C"
        json["environment"] = environment
        try CLIFixture.saveJSON(json, to: xeon.appendingPathComponent("run.json"))

        let refused = try sh(#"attnbench merge "$OUT"/shards/*/*/ --out "$OUT/m1""#)
        XCTAssertEqual(refused.0, 2, refused.2)
        for text in ["different CPU models", "Intel(R) Xeon(R) Platinum 8488C", "--allow-mixed"] {
            XCTAssertTrue(refused.2.contains(text), "stderr lacks \(text): \(refused.2)")
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/m1").path), "nothing written")

        let allowed = try sh(#"attnbench merge "$OUT"/shards/*/*/ --out "$OUT/m2" --allow-mixed"#)
        XCTAssertEqual(allowed.0, 0, allowed.2)
        XCTAssertTrue(allowed.1.contains("(partial) (mixed)"), allowed.1)
        let merged = try RunRecordStore.load(dir.appendingPathComponent("out/m2").path)
        XCTAssertEqual(merged.mixed, ["cpu_model"])
        XCTAssertTrue(merged.partial, "shard 3/3 never ran")
        XCTAssertTrue(merged.notes.contains { $0.contains("shard 3/3 missing") }, "\(merged.notes)")
        let md = try String(contentsOf: dir.appendingPathComponent("out/m2/report.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("**Mixed run**: merged from shards that differ in cpu_model"), md)
        XCTAssertTrue(md.contains("| amd-1 |") && md.contains("| xeon-1 |"), "the results table names each case's host")
    }

    func testABadHostNameOrShardVariableIsBadInput() throws {
        let host = try sh(Self.runShards, ["ATTNBENCH_HOST": "../escape"])
        XCTAssertEqual(host.0, 2, host.2)
        XCTAssertTrue(host.2.contains("ATTNBENCH_HOST"), host.2)
        let slurm = try sh(
            Self.runShards,
            [
                "SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1",
                "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_COUNT": "3"
            ])
        XCTAssertEqual(slurm.0, 2, slurm.2)
        XCTAssertTrue(slurm.2.contains("not the range"), slurm.2)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path), "no run directory")
    }

    func testListShowsTheSplit() throws {
        let r = try CLIRunner.run(["list", base["SUITE"] ?? "", "--shards", "3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for text in ["1/3", "2/3", "3/3", "total", "guaranteed at most average + largest case"] {
            XCTAssertTrue(r.stdout.contains(text), "list --shards lacks \(text):\n\(r.stdout)")
        }
        CLIFixture.assertBadInput(
            try CLIRunner.run(["list", base["SUITE"] ?? "", "--shards", "0"]), mentioning: "--shards")
    }

    /// The run directory under `out/tiny/` whose name ends with `-host`.
    func runDirectory(in out: URL, host: String) throws -> URL {
        let parent = out.appendingPathComponent("tiny")
        let names = try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.hasSuffix("-" + host) }
        XCTAssertEqual(names.count, 1, "runs of \(host): \(names)")
        return parent.appendingPathComponent(try XCTUnwrap(names.first))
    }
}

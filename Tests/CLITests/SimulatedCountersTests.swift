import Counters
import Foundation
import Harness
import XCTest

/// Simulated counters end to end: the real CLI runs cases in the simulation build under
/// Valgrind. Tiny shapes keep each simulation to a few seconds; three runs of one suite are
/// shared by the tests that compare them.
final class SimulatedCountersTests: XCTestCase {
    /// Two causal cases of one shape (three-pass and flash), fixed caches.
    static let suite = """
        suite: simtest
        defaults: {batch: 1, heads: 2, head_dim: 32, seq_len: 64, tile: 16x16, threads: 1, causal: true}
        measure: {warmup: 0, min_samples: 1, max_samples: 1, min_time: 0s, counters: [sim::Ir, sim::LLmr, sim::D1mr],
                  sim_cache: {I1: 32KiB/8/64, D1: 32KiB/8/64, LL: 64KiB/16/64}}
        matrix:
          algorithm: [three-pass, flash]
        checks:
          hbm_bytes: exact

        """

    struct RunFailure: Error, CustomStringConvertible {
        var description: String
    }

    struct Runs {
        var idle: URL, loaded: URL, slower: URL, dir: URL
    }

    nonisolated(unsafe) static var shared: Result<Runs, Error>?

    /// Skips only where Valgrind cannot run at all; on Linux x86-64 `make test` installs it
    /// and builds the simulation build, so a missing piece there is a failure.
    static func requireSimulation(file: StaticString = #filePath, line: UInt = #line) throws {
        #if os(Linux) && arch(x86_64)
        if let problem = ValgrindInstallation.cpuProblem() {
            throw XCTSkip("simulated counters cannot run here: \(problem)")
        }
        let setup = SimulationSetup(counters: ["sim::Ir"], cache: .sram)
        if let failure = setup.failure {
            XCTFail(
                "simulated counters do not work: \(failure.description) (`make test` installs valgrind and builds "
                    + "the simulation build)", file: file, line: line)
            throw XCTSkip("see the failure above")
        }
        #else
        throw XCTSkip("Valgrind's simulation needs Linux on x86-64")
        #endif
    }

    /// The same suite run idle, with a CPU hog running, and (its flash case) with a known extra
    /// loop in the counted region (the calibration hook), once for all tests.
    static func runs() throws -> Runs {
        if let shared { return try shared.get() }
        let result = Result<Runs, Error> {
            let dir = try CLIRunner.temporaryDirectory()
            let suite = try CLIFixture.write(Self.suite, to: dir, as: "simtest.yaml")
            func run(_ name: String, _ extra: [String] = [], environment: [String: String]? = nil) throws -> URL {
                let out = dir.appendingPathComponent(name)
                let r = try CLIRunner.run(
                    ["run", suite, "--out", out.path, "--quiet"] + extra, environment: environment)
                guard r.status == 0 else { throw RunFailure(description: "run \(name) failed: \(r.stderr)") }
                return try CLIFixture.runDirectory(in: out, suite: "simtest")
            }
            let idle = try run("idle")
            let hog = CPUHog(threads: 1)
            let loaded = try run("loaded")
            hog.stop()
            let slower = try run(
                "slower", ["--filter", "^flash-"], environment: [SimulationChild.extraWorkVariable: "50000"])
            return Runs(idle: idle, loaded: loaded, slower: slower, dir: dir)
        }
        shared = result
        return try result.get()
    }

    func record(_ runDir: URL) throws -> RunRecord { try RunRecordStore.load(from: runDir) }

    /// One column of results.csv (these files have no quoted fields).
    static func column(_ name: String, of csv: URL) throws -> [String] {
        let lines = try CLIFixture.csvLines(csv).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let index = try XCTUnwrap(lines.first?.firstIndex(of: name), "no column \(name)")
        return lines.dropFirst().map { $0[index] }
    }

    func testCountsAreIdenticalAcrossRunsEvenWithACPUHogRunning() throws {
        try Self.requireSimulation()
        let runs = try Self.runs()
        let idle = try record(runs.idle), loaded = try record(runs.loaded)
        XCTAssertEqual(idle.counters.collected, ["sim::Ir", "sim::LLmr", "sim::D1mr"])
        XCTAssertEqual(idle.cases.count, 2)
        for (a, b) in zip(idle.cases, loaded.cases) {
            let totals = try XCTUnwrap(a.simulation?.totals)
            XCTAssertEqual(totals.count, 13, "every event of the cache and branch simulators")
            XCTAssertGreaterThan(totals["Ir"] ?? 0, 0)
            XCTAssertEqual(totals, b.simulation?.totals, "\(a.id): counts must not depend on load")
            XCTAssertEqual(a.statistics["sim::Ir"]?.median, Double(totals["Ir"] ?? -1))
            XCTAssertEqual(a.simulation?.geometry?.ll, SimulatedCache(sizeBytes: 64 << 10, ways: 16, lineBytes: 64))
        }
        // Each case's callgrind profile is kept in the run directory.
        let profiles = try FileManager.default.contentsOfDirectory(
            atPath: runs.idle.appendingPathComponent("callgrind").path)
        XCTAssertEqual(Set(profiles), Set(idle.cases.map { "callgrind.out." + $0.id }))
        let csv = runs.idle.appendingPathComponent("results.csv")
        XCTAssertEqual(
            try Self.column("counter:sim::Ir", of: csv).first.flatMap(Double.init),
            idle.cases[0].statistics["sim::Ir"]?.median)
        XCTAssertTrue(try Self.column("derived_sources", of: csv).first?.contains("instructions_per_flop=sim") ?? false)
    }

    func testCountsDoNotDependOnWhatTheProgramDidBeforeTheCall() throws {
        try Self.requireSimulation()
        let setup = SimulationSetup(counters: ["sim::Ir"], cache: .sram)
        let valgrind = try XCTUnwrap(setup.valgrind), binary = try XCTUnwrap(setup.binary)
        let geometry = CacheGeometry(
            i1: CacheGeometry.typicalL1, d1: CacheGeometry.typicalL1,
            ll: SimulatedCache(sizeBytes: 64 << 10, ways: 16, lineBytes: 64))
        let parameters = CaseParameters(
            batch: 1, heads: 4, kvHeads: 1, seqLen: 96, kvLen: 96, headDim: 32, causal: true,
            algorithm: "three-pass", precision: "fp32", scaling: "tensor", incoherent: false,
            tile: "32x32", effectiveTile: "32x32", sramBytes: nil, profile: nil,
            gqaPacking: true, threads: 1, seed: 42, distribution: .standard)
        // A longer case id makes the child allocate differently before the kernel call, as
        // unrelated code changes do, and a larger environment moves the main thread's stack;
        // the counted call must not notice either.
        // A larger environment moves the main thread's stack.
        func totals(_ id: String, environment: [String: String] = [:]) throws -> [String: Int64] {
            let input = try RecordJSON.encoder().encode(SimulationRequest(id: id, parameters: parameters))
            let run = CallgrindInvocation(
                valgrind: valgrind, program: binary.url, arguments: ["simulate-case"],
                geometry: geometry, input: input, timeout: 300, environment: environment)
            return try run.run().get().profile.totals
        }
        let plain = try totals("short")
        XCTAssertEqual(plain, try totals(String(repeating: "x", count: 3000)))
        XCTAssertEqual(
            plain, try totals("short", environment: ["ATTNBENCH_TEST_PADDING": String(repeating: "y", count: 3000)]))
    }

    func testThreePassExecutesMoreInstructionsThanFlashAtTheSameShape() throws {
        try Self.requireSimulation()
        let run = try record(try Self.runs().idle)
        func ir(_ algorithm: String) throws -> Double {
            try XCTUnwrap(run.cases.first { $0.parameters.algorithm == algorithm }?.statistics["sim::Ir"]?.median)
        }
        // Causal: three-pass computes and normalizes all of S; flash skips the masked tiles.
        XCTAssertGreaterThan(try ir("three-pass"), 1.2 * (try ir("flash")))
    }

    func testCompareFlagsASlowerKernelOnInstructionsWhileAAIsExactlyZero() throws {
        try Self.requireSimulation()
        let runs = try Self.runs()
        let out = runs.dir.appendingPathComponent("cmp")
        let aa = try CLIRunner.run(["compare", runs.idle.path, runs.loaded.path, "--no-timing", "--format", "json"])
        XCTAssertEqual(aa.status, 0, aa.stdout + aa.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(aa.stdout.utf8)) as? [String: Any])
        let cases = try XCTUnwrap((json["comparison"] as? [String: Any])?["cases"] as? [[String: Any]])
        let irChecks = cases.flatMap { ($0["checks"] as? [[String: Any]]) ?? [] }.filter {
            $0["check"] as? String == "sim::Ir"
        }
        XCTAssertEqual(irChecks.count, 2)
        for check in irChecks {
            XCTAssertEqual(check["outcome"] as? String, "passed")
            XCTAssertEqual(
                check["base_value"] as? Double, check["current_value"] as? Double, "A/A differs by exactly 0")
        }

        let slower = try CLIRunner.run(["compare", runs.idle.path, runs.slower.path, "--no-timing", "--out", out.path])
        XCTAssertEqual(slower.status, 1, slower.stdout + slower.stderr)
        XCTAssertTrue(slower.stdout.contains("1 case failing deterministic checks"), slower.stdout)
        XCTAssertTrue(slower.stdout.contains("sim::Ir changed from"), slower.stdout)
        // The differential profile names the cause.
        let md = try String(contentsOf: out.appendingPathComponent("comparison.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("Where the instructions changed"), md)
        XCTAssertTrue(md.contains("`SimulationCalibration.extraWork(iterations:)`"), md)
    }

    func testCountsCoverTheKernelCallOnly() throws {
        try Self.requireSimulation()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let suite = try CLIFixture.write(
            """
            suite: simscale
            defaults: {algorithm: flash, batch: 1, heads: 1, head_dim: 32, tile: 16x16, threads: 1}
            measure: {warmup: 0, min_samples: 1, max_samples: 1, min_time: 0s, counters: [sim::Ir]}
            matrix:
              seq_len: [64, 128]

            """, to: dir, as: "simscale.yaml")
        let runDir = try CLIFixture.run(
            suite: suite, suiteName: "simscale", out: dir.appendingPathComponent("out"),
            ["--no-sim-profiles"])
        let run = try RunRecordStore.load(from: runDir)
        let small = try XCTUnwrap(run.cases.first?.statistics["sim::Ir"]?.median)
        let large = try XCTUnwrap(run.cases.last?.statistics["sim::Ir"]?.median)
        // Prefill work is quadratic in the length; input generation (linear) is not counted.
        XCTAssertTrue((3.5...4.3).contains(large / small), "ratio \(large / small)")
        let names = run.cases.flatMap { $0.simulation?.functions.map(\.name) ?? [] }
        XCTAssertTrue(names.contains { $0.hasPrefix("valueTile") }, "\(names)")
        for outside in ["Gaussian", "tensor(", "prepare(", "SimulationChild", "decode", "NPY"] {
            XCTAssertFalse(names.contains { $0.contains(outside) }, "\(outside) is outside the kernel call: \(names)")
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: runDir.appendingPathComponent("callgrind").path),
            "--no-sim-profiles keeps no profile")
        XCTAssertEqual(run.simulation?.cacheSetting, "host")
        XCTAssertEqual(run.simulation?.profilesKept, false)
    }

    func testSRAMAsTheLastLevelAgreesWithTheModelWhereTheLedgerIsExact() throws {
        try Self.requireSimulation()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // K and V of the head (64 KiB) exceed the SRAM, so every Q tile re-reads them as the
        // ledger says; the tiles use 9 KiB of it, so LRU keeps them (docs/memory-model.md).
        let suite = try CLIFixture.write(
            """
            suite: simsram
            defaults: {algorithm: flash, batch: 1, heads: 1, head_dim: 32, seq_len: 256, tile: 16x16, sram: 32KiB, threads: 1}
            measure: {warmup: 0, min_samples: 1, max_samples: 1, min_time: 0s, counters: [sim::DLmr, sim::DLmw], sim_cache: sram}

            """, to: dir, as: "simsram.yaml")
        let runDir = try CLIFixture.run(suite: suite, suiteName: "simsram", out: dir.appendingPathComponent("out"))
        let c = try XCTUnwrap(RunRecordStore.load(from: runDir).cases.first)
        let sim = try XCTUnwrap(c.simulation)
        XCTAssertEqual(sim.geometry?.ll, SimulatedCache(sizeBytes: 32 << 10, ways: 16, lineBytes: 64))
        let ratio = try XCTUnwrap(sim.hbmRatio)
        XCTAssertTrue((0.9...1.1).contains(ratio), "simulated/modeled \(ratio) (\(sim.hbmBytes ?? -1) bytes)")
        let report = try String(contentsOf: runDir.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("Modeled vs simulated HBM traffic"), report)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: runDir.appendingPathComponent("sim-vs-modeled-hbm.svg").path))
    }

    func testWithoutValgrindTheColumnsAreEmptyWithAReasonAndTheRunGoesOn() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let suite = try CLIFixture.write(
            CLIFixture.tinySuite(
                name: "nosim",
                measure: """
                    measure: {warmup: 0, min_samples: 1, max_samples: 1, min_time: 0s, counters: [sim::Ir]}
                    """), to: dir, as: "nosim.yaml")
        let out = dir.appendingPathComponent("out")
        let r = try CLIRunner.run(
            ["run", suite, "--out", out.path], environment: ["ATTNBENCH_VALGRIND": "/nonexistent/valgrind"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("simulated counters (sim::Ir) are not counted"), r.stderr)
        let runDir = try CLIFixture.runDirectory(in: out, suite: "nosim")
        let run = try RunRecordStore.load(from: runDir)
        XCTAssertEqual(run.cases.count, 4, "the run goes on")
        XCTAssertEqual(run.counters.collected, [])
        let reason = try XCTUnwrap(run.counters.unavailable.first { $0.event == "sim::Ir" }?.reason)
        XCTAssertTrue(reason.contains("ATTNBENCH_VALGRIND"), reason)
        XCTAssertNotNil(run.simulation?.unavailableReason)
        let column = try Self.column("counter:sim::Ir", of: runDir.appendingPathComponent("results.csv"))
        XCTAssertEqual(column, ["", "", "", ""], "empty, never 0")
        let report = try String(contentsOf: runDir.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("ATTNBENCH_VALGRIND"), report)
    }

    func testCountersSaysWhetherSimulatedEventsWork() throws {
        try Self.requireSimulation()
        let r = try CLIRunner.run(["counters"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Simulated events (sim::, Valgrind callgrind): yes"), r.stdout)
        XCTAssertTrue(r.stdout.contains("sim::LLmr"), r.stdout)
        let none = try CLIRunner.run(["counters"], environment: ["ATTNBENCH_VALGRIND": "/nonexistent/valgrind"])
        XCTAssertTrue(none.stdout.contains("Simulated events (sim::, Valgrind callgrind): NO"), none.stdout)
    }
}

/// Busy threads that keep every core loaded while a run is measured.
final class CPUHog: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true

    init(threads: Int) {
        for _ in 0..<max(1, threads) {
            Thread.detachNewThread { [self] in
                var x: UInt64 = 1
                while isRunning { for _ in 0..<100_000 { x = x &* 6364136223846793005 &+ 1442695040888963407 } }
                _ = x
            }
        }
    }

    var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    func stop() {
        lock.lock()
        running = false
        lock.unlock()
    }
}

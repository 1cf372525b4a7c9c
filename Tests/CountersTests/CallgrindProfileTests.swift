import Foundation
import XCTest

@testable import Counters

/// Reading callgrind's output format, and the pieces a simulated run is made of.
final class CallgrindProfileTests: XCTestCase {
    /// A profile as callgrind 3.19 writes it with --cache-sim=yes --branch-sim=yes: compressed
    /// names, relative positions, a call whose inclusive cost must not count as the caller's own.
    static let sample = """
        # callgrind format
        version: 1
        creator: callgrind-3.19.0
        cmd:  ./attnbench simulate-case
        part: 1

        desc: I1 cache: 32768 B, 64 B, 8-way associative
        desc: D1 cache: 49152 B, 64 B, 12-way associative
        desc: LL cache: 2097152 B, 64 B, 16-way associative

        positions: line
        events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim
        summary: 0

        ob=(1) /home/user/x/.build-sim/release/attnbench
        fl=(1) ???
        fn=(1) $s16AttentionKernels9valueTile2pT
        0 1000 300 100 2 10 5 2 7 3 50 4
        +2 500 100
        cfn=(2) __memset_avx2_unaligned_erms
        calls=8 167
        0 900 0 800 0 0 1 0 0 1 30 2
        fn=(3) kernelCaller
        0 40
        ob=(2) /usr/lib/x86_64-linux-gnu/libc.so.6
        fl=(2) ???
        fn=(2)
        * 900 0 800 0 0 1 0 0 1 30 2

        totals: 2440 400 900 2 10 6 2 7 4 110 6 0 0
        """

    func testTotalsGeometryAndOwnCostsOfEachFunction() throws {
        let p = try CallgrindProfile(parsing: Self.sample)
        XCTAssertEqual(
            p.events, ["Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw", "Bc", "Bcm", "Bi", "Bim"])
        XCTAssertEqual(p.totals["Ir"], 2440)
        XCTAssertEqual(p.totals["DLmw"], 4)
        XCTAssertEqual(p.totals["Bim"], 0)
        XCTAssertEqual(
            p.geometry,
            CacheGeometry(
                i1: SimulatedCache(sizeBytes: 32768, ways: 8, lineBytes: 64),
                d1: SimulatedCache(sizeBytes: 49152, ways: 12, lineBytes: 64),
                ll: SimulatedCache(sizeBytes: 2 << 20, ways: 16, lineBytes: 64)))
        // valueTile's own cost excludes the 900 instructions of the memset it calls; the memset's
        // name was defined in the cfn= line and referenced later by id only.
        XCTAssertEqual(
            p.functions.map(\.name),
            ["$s16AttentionKernels9valueTile2pT", "__memset_avx2_unaligned_erms", "kernelCaller"])
        XCTAssertEqual(p.functions.map(\.ir), [1500, 900, 40])
        XCTAssertEqual(p.functions.map(\.object), ["attnbench", "libc.so.6", "attnbench"])
    }

    func testSimulatedEventsSumValgrindsEvents() throws {
        let totals = try CallgrindProfile(parsing: Self.sample).totals
        XCTAssertEqual(SimulatedEvent.named("sim::Ir")?.value(in: totals), 2440)
        XCTAssertEqual(SimulatedEvent.named("sim::LLmr")?.value(in: totals), 2 + 7, "ILmr + DLmr")
        XCTAssertEqual(SimulatedEvent.named("sim::LLmw")?.value(in: totals), 4)
        XCTAssertNil(SimulatedEvent.named("sim::Nope"))
        XCTAssertEqual(SimulatedEvent.unknownNames(in: ["sim::Ir", "PAPI_TOT_INS", "sim::IR"]), ["sim::IR"])
        XCTAssertNil(SimulatedEvent.named("sim::Bc")?.value(in: ["Ir": 1]), "a missing event is not zero")
    }

    func testNotAProfileIsAnError() {
        XCTAssertThrowsError(try CallgrindProfile(parsing: "hello\n"))
        XCTAssertThrowsError(try CallgrindProfile(parsing: "events: Ir\n"), "no totals")
    }

    func testCachesFollowValgrindsRules() {
        XCTAssertNil(SimulatedCache(sizeBytes: 48 << 10, ways: 12, lineBytes: 64).problem)
        XCTAssertNotNil(SimulatedCache(sizeBytes: 48 << 10, ways: 16, lineBytes: 64).problem, "48 sets")
        XCTAssertNotNil(SimulatedCache(sizeBytes: 32 << 10, ways: 8, lineBytes: 48).problem, "line not a power of two")
        XCTAssertNotNil(SimulatedCache(sizeBytes: 64, ways: 1, lineBytes: 64).problem, "one line")
        // This machine's 260 MiB 20-way L3 has 212992 sets; Valgrind makes it 131072 sets of 33 ways.
        let l3 = SimulatedCache.adjusted(sizeBytes: 266_240 << 10, ways: 20, lineBytes: 64)
        XCTAssertEqual(l3, SimulatedCache(sizeBytes: 64 * 33 * 131_072, ways: 33, lineBytes: 64))
        XCTAssertNil(l3.problem)
        XCTAssertEqual(
            SimulatedCache.adjusted(sizeBytes: 2 << 20, ways: 16, lineBytes: 64).sizeBytes, 2 << 20, "valid stays")
        XCTAssertEqual(SimulatedCache(sizeBytes: 2 << 20, ways: 16, lineBytes: 64).text, "2MiB/16/64")
    }

    func testHostGeometryFromSysfs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sysfs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let levels = [
            ("1", "Data", "32K", "8"), ("1", "Instruction", "32K", "8"), ("2", "Unified", "1024K", "8"),
            ("3", "Unified", "32768K", "16")
        ]
        for (i, (level, type, size, ways)) in levels.enumerated() {
            let index = dir.appendingPathComponent("index\(i)")
            try FileManager.default.createDirectory(at: index, withIntermediateDirectories: true)
            for (file, value) in [
                ("level", level), ("type", type), ("size", size), ("ways_of_associativity", ways),
                ("coherency_line_size", "64")
            ] {
                try Data((value + "\n").utf8).write(to: index.appendingPathComponent(file))
            }
        }
        let g = try CacheGeometry.host(sysfs: dir.path).get()
        XCTAssertEqual(g.d1, SimulatedCache(sizeBytes: 32 << 10, ways: 8, lineBytes: 64))
        XCTAssertEqual(
            g.ll, SimulatedCache(sizeBytes: 32 << 20, ways: 16, lineBytes: 64), "the highest level is the LL")
        XCTAssertEqual(g.valgrindArguments, ["--I1=32768,8,64", "--D1=32768,8,64", "--LL=33554432,16,64"])
        guard case .failure(let f) = CacheGeometry.host(sysfs: dir.appendingPathComponent("missing").path) else {
            return XCTFail("a missing sysfs must fail")
        }
        XCTAssertTrue(f.message.contains("give the geometry explicitly"), f.message)
    }

    func testInvocationFixesTheEnvironmentAndCollectsOnlyOnRequest() {
        let geometry = CacheGeometry(
            i1: CacheGeometry.typicalL1, d1: CacheGeometry.typicalL1,
            ll: SimulatedCache(sizeBytes: 64 << 10, ways: 8, lineBytes: 64))
        let run = CallgrindInvocation(
            valgrind: ValgrindInstallation(executable: "/usr/bin/valgrind", version: "valgrind-3.19.0"),
            program: URL(fileURLWithPath: "/x/.build-sim/release/attnbench"),
            arguments: ["simulate-case"], geometry: geometry, input: Data())
        let line = run.commandLine(outputFile: "/tmp/o", logFile: "/tmp/l")
        for option in [
            "--tool=callgrind", "--collect-atstart=no", "--instr-atstart=no", "--cache-sim=yes", "--branch-sim=yes",
            "--LL=65536,8,64", "--callgrind-out-file=/tmp/o"
        ] {
            XCTAssertTrue(line.contains(option), "\(option) missing from \(line)")
        }
        XCTAssertEqual(Array(line.suffix(2)), ["./attnbench", "simulate-case"], "started from its own directory")
        XCTAssertTrue(CallgrindInvocation.glibcTunables.contains("x86_rep_stosb_threshold"))
    }

    func testFailuresSayWhatWentWrong() {
        let sigill = CallgrindInvocation.explainFailure(
            status: 4, signaled: true,
            log:
                "==1== valgrind: Unrecognised instruction at address 0x4a.\n==1== vex amd64->IR: unhandled instruction bytes: 0x62",
            stderr: "")
        XCTAssertTrue(sigill.contains("AVX2 build"), sigill)
        let own = CallgrindInvocation.explainFailure(
            status: 2, signaled: false, log: "",
            stderr: "attnbench: case x: unknown algorithm 'y'\n")
        XCTAssertTrue(own.hasSuffix("attnbench: case x: unknown algorithm 'y'"), own)
    }

    func testClientRequestsAreFreeOutsideValgrind() {
        #if os(Linux)
        if FileManager.default.fileExists(atPath: "/usr/include/valgrind/callgrind.h") {
            XCTAssertTrue(CallgrindRequests.compiledIn, "built where valgrind/callgrind.h exists")
        }
        #endif
        XCTAssertFalse(CallgrindRequests.runningOnValgrind)
        var ran = false
        CallgrindRequests.collecting { ran = true }
        XCTAssertTrue(ran)
    }

    func testMissingValgrindIsAReasonNotACrash() {
        guard
            case .failure(let f) = ValgrindInstallation.locate(environment: [
                "ATTNBENCH_VALGRIND": "/nonexistent/valgrind"
            ])
        else {
            return XCTFail("a missing override must fail")
        }
        XCTAssertTrue(f.message.contains("ATTNBENCH_VALGRIND"), f.message)
        guard case .failure(let g) = ValgrindInstallation.locate(environment: ["PATH": "/nonexistent"]) else {
            return XCTFail("no valgrind on PATH must fail")
        }
        XCTAssertTrue(g.message.contains("not installed"), g.message)
    }
}

import Counters
import Foundation
import XCTest

@testable import Harness

/// `measure.sim_cache`, simulated counter names in suites, derived metrics from either source,
/// and how the simulation build is found.
final class SimulationSettingsTests: XCTestCase {
    func testSimCacheTextForms() throws {
        XCTAssertEqual(try SimCacheSpec.parse("host").get(), .host)
        XCTAssertEqual(try SimCacheSpec.parse(" SRAM ").get(), .sram)
        let explicit = try SimCacheSpec.parse("I1=32KiB/8/64,D1=48KiB/12/64,LL=2MiB/16/64").get()
        XCTAssertEqual(explicit.d1, SimulatedCache(sizeBytes: 48 << 10, ways: 12, lineBytes: 64))
        XCTAssertEqual(explicit.ll, .explicit(SimulatedCache(sizeBytes: 2 << 20, ways: 16, lineBytes: 64)))
        XCTAssertEqual(explicit.text, "I1=32KiB/8/64,D1=48KiB/12/64,LL=2MiB/16/64")
        XCTAssertFalse(explicit.dependsOnHost)
        XCTAssertTrue(try SimCacheSpec.parse("LL=2MiB/16/64").get().dependsOnHost, "L1s from the host")
        XCTAssertEqual(try SimCacheSpec.parse("D1=32KiB/8/64,LL=sram").get().text, "D1=32KiB/8/64,LL=sram")
        for bad in ["L2=1MiB/8/64", "LL=48KiB/16/64", "D1=32KiB/8/16", "LL=big", "LL"] {
            XCTAssertThrowsError(try SimCacheSpec.parse(bad).get(), bad)
        }
    }

    func testSRAMLastLevelHoldsExactlyTheSRAM() throws {
        // Fewest ways ≥ 16 giving a power-of-two set count, 64-byte lines.
        XCTAssertEqual(
            SimCacheSpec.sramLastLevel(bytes: 48 << 10), SimulatedCache(sizeBytes: 48 << 10, ways: 24, lineBytes: 64))
        XCTAssertEqual(SimCacheSpec.sramLastLevel(bytes: 192 << 10)?.sets, 128)
        XCTAssertEqual(
            SimCacheSpec.sramLastLevel(bytes: 228 << 10), SimulatedCache(sizeBytes: 228 << 10, ways: 57, lineBytes: 64))
        XCTAssertEqual(SimCacheSpec.sramLastLevel(bytes: 64 << 10)?.ways, 16)
        XCTAssertNil(SimCacheSpec.sramLastLevel(bytes: 1000), "not whole lines")
        // In SRAM mode nothing comes from the host: a 4 KiB D1 so the SRAM sees nearly every access.
        let g = try SimCacheSpec.sram.geometry(sramBytes: 96 << 10) { .failure(CounterFailure(message: "no host")) }
            .get()
        XCTAssertEqual(g.ll.sizeBytes, 96 << 10)
        XCTAssertEqual(g.d1, SimCacheSpec.sramModeD1)
        XCTAssertEqual(g.i1, CacheGeometry.typicalL1)
        guard
            case .failure(let f) = SimCacheSpec.sram.geometry(
                sramBytes: nil, host: { .failure(CounterFailure(message: "x")) })
        else {
            return XCTFail("SRAM mode needs the case's SRAM")
        }
        XCTAssertTrue(f.message.contains("no sram_bytes"), f.message)
    }

    func testSuitesNameSimulatedEventsAndCaches() throws {
        let suite = """
            suite: s
            defaults: {heads: 1, seq_len: 64, head_dim: 32, tile: 16x16, sram: 48KiB}
            measure: {counters: [sim::Ir, sim::LLmr], sim_cache: {I1: 32KiB/8/64, D1: 32KiB/8/64, LL: sram}}
            checks:
              "sim::*": {tolerance: 0.5%}
              sim::Ir: exact
            """
        let v = validate(suite)
        XCTAssertEqual(v.diagnostics.map(\.description), [])
        XCTAssertEqual(v.suite?.measure.counters, ["sim::Ir", "sim::LLmr"])
        XCTAssertEqual(v.suite?.measure.simCache.text, "I1=32KiB/8/64,D1=32KiB/8/64,LL=sram")
        XCTAssertEqual(v.suite?.checks["sim::*"], CheckSpec(tolerance: 0.005))
        XCTAssertEqual(v.suite?.checks["sim::Ir"], CheckSpec(exact: true))

        let typo = onlyDiagnostic("suite: s\nmeasure: {counters: [PAPI_TOT_INS, sim::IR]}\n")
        assertDiagnostic(typo, .unknownValue, line: 2, column: 36, contains: "did you mean 'sim::Ir'")
        let badCache = onlyDiagnostic("suite: s\nmeasure:\n  sim_cache: {LL: 48KiB/16/64}\n")
        assertDiagnostic(badCache, .badQuantity, line: 3, column: 19, contains: "power of two")
        // SRAM as the last level needs an SRAM in every case.
        let noSRAM = onlyDiagnostic("suite: s\nmeasure:\n  counters: [sim::Ir]\n  sim_cache: sram\n")
        assertDiagnostic(noSRAM, .invalidConfiguration, line: 4, column: 14, contains: "neither sram nor profile")
    }

    func testDerivedMetricsComeFromPAPIOrSimulationTheSameWay() {
        func summary(_ v: Double) -> Summary { Summary(samples: [v])! }
        let sim = CaseSimulation(
            geometry: nil,
            totals: [
                "Ir": 3000, "Dr": 800, "Dw": 200, "D1mr": 40, "D1mw": 10,
                "DLmr": 20, "DLmw": 5, "Bc": 100, "Bcm": 3, "ILmr": 1
            ])
        var derived = DerivedMetrics()
        CounterDerivation.apply(to: &derived, statistics: [:], simulation: sim, flops: 1000)
        XCTAssertEqual(derived.l1MissRate, 50.0 / 1000)
        XCTAssertEqual(derived.llMissRate, 25.0 / 50)
        XCTAssertEqual(derived.branchMissRate, 0.03)
        XCTAssertEqual(derived.instructionsPerFlop, 3)
        XCTAssertEqual(derived.llBytesPerFlop, 25.0 * 64 / 1000)
        XCTAssertNil(derived.ipc, "a simulation has no cycles")
        XCTAssertEqual(derived.sources?["l1_miss_rate"], "sim")

        // The hardware's own counts win where both exist, by the same formula.
        CounterDerivation.apply(
            to: &derived,
            statistics: [
                "PAPI_L1_DCM": summary(30), "PAPI_L1_DCA": summary(1000),
                "PAPI_TOT_INS": summary(4000), "PAPI_TOT_CYC": summary(2000)
            ],
            simulation: sim, flops: 1000)
        XCTAssertEqual(derived.l1MissRate, 0.03)
        XCTAssertEqual(derived.ipc, 2)
        XCTAssertEqual(derived.instructionsPerFlop, 4)
        XCTAssertEqual(derived.sources?["l1_miss_rate"], "papi")
        XCTAssertEqual(derived.sources?["ll_miss_rate"], "sim")
    }

    func testAStaleSimulationBuildIsRefusedWithTheFileThatIsNewer() throws {
        let fm = FileManager.default
        let checkout = fm.temporaryDirectory.appendingPathComponent("checkout-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: checkout) }
        let binary = checkout.appendingPathComponent(SimulationBinary.relativePath)
        try fm.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fm.createDirectory(at: checkout.appendingPathComponent("Sources/K"), withIntermediateDirectories: true)
        let source = checkout.appendingPathComponent("Sources/K/Kernel.swift")
        try Data("let x = 1\n".utf8).write(to: source)
        try Data("#!/bin/sh\n".utf8).write(to: binary)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        let past = Date(timeIntervalSinceNow: -3600)
        try fm.setAttributes([.modificationDate: past], ofItemAtPath: source.path)

        let found = try SimulationBinary.locate(
            environment: [:], startingPoints: [checkout.appendingPathComponent("Tests")]
        ).get()
        XCTAssertEqual(found.url.standardizedFileURL.path, binary.standardizedFileURL.path)
        XCTAssertEqual(found.digest.count, 64)

        try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: source.path)
        guard case .failure(let f) = SimulationBinary.locate(environment: [:], startingPoints: [checkout]) else {
            return XCTFail("a build older than its sources must be refused")
        }
        XCTAssertTrue(f.message.contains("Sources/K/Kernel.swift") && f.message.contains("make sim"), f.message)
        guard
            case .failure(let none) = SimulationBinary.locate(environment: [:], startingPoints: [fm.temporaryDirectory])
        else {
            return XCTFail("no build found must fail")
        }
        XCTAssertTrue(none.message.contains("make sim"), none.message)
    }
}

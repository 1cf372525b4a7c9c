import Counters
import Harness

extension Fixture {
    /// `run` with every simulation field filled in (run-level source, one simulated case with
    /// SRAM-as-LL bytes, derived metrics from both sources), for round-trip and schema tests.
    public static func withSimulation(_ run: RunRecord) -> RunRecord {
        var run = run
        let level = SimulatedCache(sizeBytes: 96 << 10, ways: 24, lineBytes: 64)
        let geometry = CacheGeometry(i1: CacheGeometry.typicalL1, d1: CacheGeometry.typicalL1, ll: level)
        run.simulation = SimulationSource(
            valgrindVersion: "valgrind-3.19.0", binary: ".build-sim/release/attnbench",
            binaryDigest: String(repeating: "cd", count: 32), build: "release, haswell",
            cacheSetting: "sram", geometry: geometry, options: ["--tool=callgrind"],
            threads: 1, profilesKept: true, unavailableReason: "example")
        guard !run.cases.isEmpty else { return run }
        run.cases[0].derived.llMissRate = 0.5
        run.cases[0].derived.branchMissRate = 0.01
        run.cases[0].derived.instructionsPerFlop = 0.3
        run.cases[0].derived.llBytesPerFlop = 0.2
        run.cases[0].derived.sources = ["ipc": "papi", "ll_miss_rate": "sim"]
        run.cases[0].statistics["sim::Ir"] = Summary(samples: [1_234_567])
        run.cases[0].simulation = CaseSimulation(
            geometry: geometry, totals: ["Ir": 1_234_567, "DLmr": 900, "DLmw": 100], hbmBytes: 64_000, hbmRatio: 0.95,
            profile: "callgrind/callgrind.out.x",
            functions: [SimulatedFunction(name: "valueTile(pT:)", object: "attnbench", ir: 600_000)], seconds: 2.5)
        return run
    }
}

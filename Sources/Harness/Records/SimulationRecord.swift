import Counters

/// Where a run's simulated counters (`sim::…`) came from: run.json's `simulation` object.
/// Present when the run asked for simulated events, whether or not they could be counted.
public struct SimulationSource: Codable, Equatable, Sendable {
    /// `callgrind` (Valgrind's tool).
    public var tool: String
    /// `valgrind --version`, e.g. `valgrind-3.19.0`; absent when Valgrind was not found.
    public var valgrindVersion: String?
    /// The simulation build that ran the cases (path as found).
    public var binary: String?
    /// SHA-256 of that binary's bytes: which build exactly, across machines.
    public var binaryDigest: String?
    /// How that build was made, e.g. `release, ATTNBENCH_TARGET_CPU=haswell (AVX2 + FMA), no DWARF`.
    public var build: String?
    /// `measure.sim_cache` (or `run --sim-cache`) as text: `host`, `sram`, `I1=…,D1=…,LL=…`.
    public var cacheSetting: String
    /// The simulated caches when every case used the same ones (not in SRAM mode).
    public var geometry: CacheGeometry?
    /// Valgrind's options, without file names.
    public var options: [String]
    /// Worker threads the simulated call ran on (always 1: Valgrind serialises threads, and
    /// one thread keeps the counts free of thread scheduling).
    public var threads: Int
    /// Whether each case's callgrind output was kept in the run directory (`callgrind/`).
    public var profilesKept: Bool
    /// Why nothing could be simulated; absent when simulation worked.
    public var unavailableReason: String?

    public init(
        tool: String = "callgrind", valgrindVersion: String? = nil, binary: String? = nil,
        binaryDigest: String? = nil, build: String? = nil, cacheSetting: String, geometry: CacheGeometry? = nil,
        options: [String] = [], threads: Int = 1, profilesKept: Bool = true, unavailableReason: String? = nil
    ) {
        self.tool = tool
        self.valgrindVersion = valgrindVersion
        self.binary = binary
        self.binaryDigest = binaryDigest
        self.build = build
        self.cacheSetting = cacheSetting
        self.geometry = geometry
        self.options = options
        self.threads = threads
        self.profilesKept = profilesKept
        self.unavailableReason = unavailableReason
    }
}

/// One case's simulation: run.json's `cases[].simulation`. The requested `sim::` counts are
/// in the case's `statistics` (one value each), like every other counter.
public struct CaseSimulation: Codable, Equatable, Sendable {
    /// The caches simulated for this case (as callgrind reports them).
    public var geometry: CacheGeometry?
    /// Every event callgrind counted (`Ir`, `Dr`, …, `Bim`), by Valgrind's name.
    public var totals: [String: Int64]
    /// SRAM as the last level only: data bytes that missed the simulated SRAM,
    /// (`DLmr` + `DLmw`) × line size: the traffic that crossed the "HBM" boundary.
    public var hbmBytes: Int?
    /// `hbmBytes` / the ledger's modeled HBM bytes (reads + writes).
    public var hbmRatio: Double?
    /// The callgrind output file, relative to the run directory; absent when not kept.
    public var profile: String?
    /// The functions that executed the most instructions themselves, largest first (at most
    /// `SimulatedFunction.kept`): `compare` diffs them to name the cause of a change.
    public var functions: [SimulatedFunction]
    /// Seconds the simulation took (Valgrind start to exit).
    public var seconds: Double?

    public init(
        geometry: CacheGeometry?, totals: [String: Int64], hbmBytes: Int? = nil, hbmRatio: Double? = nil,
        profile: String? = nil, functions: [SimulatedFunction] = [], seconds: Double? = nil
    ) {
        self.geometry = geometry
        self.totals = totals
        self.hbmBytes = hbmBytes
        self.hbmRatio = hbmRatio
        self.profile = profile
        self.functions = functions
        self.seconds = seconds
    }
}

/// A function and the instructions it executed itself during the simulated call.
public struct SimulatedFunction: Codable, Equatable, Sendable {
    /// Readable name (Swift symbols demangled and shortened).
    public var name: String
    /// The object it lives in (`attnbench`, `libc.so.6`, `libswiftCore.so`).
    public var object: String
    /// Instructions executed in it (callees excluded).
    public var ir: Int64

    /// How many functions a case record keeps.
    public static let kept = 12

    public init(name: String, object: String, ir: Int64) {
        self.name = name
        self.object = object
        self.ir = ir
    }
}

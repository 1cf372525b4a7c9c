import AttentionKernels
import Counters
import Foundation

/// Which caches the simulated counters (`sim::…`) model: `measure.sim_cache` in a suite,
/// `run --sim-cache` on the command line.
///
/// - `host` (the default): this machine's L1 instruction and data caches and its last level,
///   from sysfs.
/// - `sram`: **SRAM as the last level**: the LL is sized to each case's `sram_bytes` (or its
///   profile's SRAM), so its misses are the bytes that crossed the "HBM" boundary; see
///   `sramLastLevel(bytes:)` for the shape of that cache. The first-level data cache is then a
///   small 4 KiB (`sramModeD1`) so that nearly every access reaches the simulated SRAM and
///   keeps its LRU order (a GPU has no cache in front of its shared memory; a host-sized
///   L1 would hide the SRAM's evictions), and I1 is a typical 32 KiB: nothing depends on
///   the host.
/// - explicit levels, `SIZE/WAYS/LINE` each: `{I1: 32KiB/8/64, D1: 32KiB/8/64, LL: 2MiB/16/64}`
///   (text form `I1=32KiB/8/64,D1=32KiB/8/64,LL=2MiB/16/64`); `LL: sram` combines explicit
///   first-level caches with SRAM as the last level. A first level left out is the host's
///   (or, with `LL: sram`, the SRAM mode's).
public struct SimCacheSpec: Equatable, Sendable {
    /// How the last level is chosen.
    public enum LastLevel: Equatable, Sendable {
        case host
        case sram
        case explicit(SimulatedCache)
    }

    public var i1: SimulatedCache?
    public var d1: SimulatedCache?
    public var ll: LastLevel

    public init(i1: SimulatedCache? = nil, d1: SimulatedCache? = nil, ll: LastLevel = .host) {
        self.i1 = i1
        self.d1 = d1
        self.ll = ll
    }

    /// This machine's caches.
    public static let host = SimCacheSpec()
    /// SRAM as the last level.
    public static let sram = SimCacheSpec(ll: .sram)

    /// The first-level data cache in SRAM mode unless given: 4 KiB, 4-way, 64-byte lines.
    public static let sramModeD1 = SimulatedCache(sizeBytes: 4 << 10, ways: 4, lineBytes: 64)

    /// Whether the geometry depends on the machine (some level is the host's).
    public var dependsOnHost: Bool {
        switch ll {
        case .host: return true
        case .sram: return false
        case .explicit: return i1 == nil || d1 == nil
        }
    }

    /// Whether the last level is each case's SRAM.
    public var isSRAM: Bool { ll == .sram }

    /// `host`, `sram`, or `I1=…,D1=…,LL=…` (levels left to the host are omitted).
    public var text: String {
        if i1 == nil && d1 == nil {
            switch ll {
            case .host: return "host"
            case .sram: return "sram"
            case .explicit: break
            }
        }
        var parts: [String] = []
        if let i1 { parts.append("I1=\(i1.text)") }
        if let d1 { parts.append("D1=\(d1.text)") }
        switch ll {
        case .host: break
        case .sram: parts.append("LL=sram")
        case .explicit(let c): parts.append("LL=\(c.text)")
        }
        return parts.joined(separator: ",")
    }

    /// Parses `host`, `sram` or `I1=SIZE/WAYS/LINE,D1=…,LL=SIZE/WAYS/LINE|sram` (any subset of
    /// levels, in any order). Fails with a message naming the part that is wrong.
    public static func parse(_ text: String) -> Result<SimCacheSpec, SimCacheSpecError> {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "host" { return .success(.host) }
        if t == "sram" { return .success(.sram) }
        var levels: [String: String] = [:]
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2 else {
                return .failure(
                    SimCacheSpecError("'\(part)' is not LEVEL=SIZE/WAYS/LINE (levels I1, D1, LL; or host, sram)"))
            }
            levels[kv[0].uppercased()] = kv[1]
        }
        return make(levels)
    }

    /// A spec from level name (`I1`, `D1`, `LL`) → `SIZE/WAYS/LINE` (or `sram`, `host`).
    public static func make(_ levels: [String: String]) -> Result<SimCacheSpec, SimCacheSpecError> {
        var spec = SimCacheSpec()
        for (level, value) in levels.sorted(by: { $0.key < $1.key }) {
            let lower = value.lowercased()
            switch level {
            case "I1", "D1":
                if lower == "host" { continue }
                switch cache(value, level: level) {
                case .failure(let e): return .failure(e)
                case .success(let c): if level == "I1" { spec.i1 = c } else { spec.d1 = c }
                }
            case "LL":
                if lower == "host" { spec.ll = .host; continue }
                if lower == "sram" { spec.ll = .sram; continue }
                switch cache(value, level: level) {
                case .failure(let e): return .failure(e)
                case .success(let c): spec.ll = .explicit(c)
                }
            default:
                return .failure(SimCacheSpecError("unknown cache level '\(level)' (levels: I1, D1, LL)"))
            }
        }
        return .success(spec)
    }

    /// `48KiB/12/64` → 48 KiB, 12-way, 64-byte lines, checked against Valgrind's rules.
    static func cache(_ text: String, level: String) -> Result<SimulatedCache, SimCacheSpecError> {
        let parts = text.split(separator: "/").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3, let size = SRAMBudget.parseSize(parts[0]), let ways = Int(parts[1]),
            let line = Int(parts[2].lowercased().replacingOccurrences(of: "b", with: ""))
        else {
            return .failure(SimCacheSpecError("\(level) '\(text)' is not SIZE/WAYS/LINE such as 32KiB/8/64"))
        }
        let cache = SimulatedCache(sizeBytes: size, ways: ways, lineBytes: line)
        if let problem = cache.problem { return .failure(SimCacheSpecError("\(level) \(text): \(problem)")) }
        // Callgrind aborts on an access that spans more than two lines; AVX2 accesses are 32 bytes.
        if line < 32 {
            return .failure(
                SimCacheSpecError(
                    "\(level) \(text): lines must be at least 32 bytes "
                        + "(the simulation build makes 32-byte AVX2 accesses, which must not span more than two lines)")
            )
        }
        return .success(cache)
    }

    /// The last level that stands for an SRAM of `bytes`: 64-byte lines and the fewest ways,
    /// 16 or more, that make the number of sets a power of two (Valgrind's requirement), so
    /// the cache holds exactly `bytes` and is nearly fully associative where the size allows
    /// (192 KiB: 24 ways × 128 sets; 228 KiB: 57 ways × 64 sets). Nil when no such shape exists.
    public static func sramLastLevel(bytes: Int) -> SimulatedCache? {
        let line = 64
        guard bytes > 0, bytes % line == 0 else { return nil }
        let lines = bytes / line
        for ways in 16...max(16, lines) where lines % ways == 0 {
            let sets = lines / ways
            if sets & (sets - 1) == 0 { return SimulatedCache(sizeBytes: bytes, ways: ways, lineBytes: line) }
        }
        return nil
    }

    /// The geometry for one case: explicit levels as given, the host's for the others, and in
    /// SRAM mode an LL of the case's `sram_bytes`. Fails with the reason.
    public func geometry(sramBytes: Int?, host: () -> Result<CacheGeometry, CounterFailure>) -> Result<
        CacheGeometry, CounterFailure
    > {
        var hostGeometry: CacheGeometry?
        if dependsOnHost {
            switch host() {
            case .failure(let f): return .failure(f)
            case .success(let g): hostGeometry = g
            }
        }
        let ll: SimulatedCache
        switch self.ll {
        case .explicit(let c): ll = c
        case .host:
            guard let g = hostGeometry else { return .failure(CounterFailure(message: "no host cache geometry")) }
            ll = g.ll
        case .sram:
            guard let bytes = sramBytes else {
                return .failure(
                    CounterFailure(
                        message: "sim_cache is sram (SRAM as the last level) but the case has no "
                            + "sram_bytes and no profile"))
            }
            guard let c = Self.sramLastLevel(bytes: bytes) else {
                return .failure(
                    CounterFailure(
                        message: "an SRAM of \(bytes) bytes cannot be simulated as a cache of 64-byte "
                            + "lines with a power-of-two number of sets"))
            }
            ll = c
        }
        let defaults =
            self.ll == .sram
            ? (i1: CacheGeometry.typicalL1, d1: Self.sramModeD1)
            : (i1: hostGeometry?.i1, d1: hostGeometry?.d1)
        guard let i1 = i1 ?? defaults.i1, let d1 = d1 ?? defaults.d1 else {
            return .failure(CounterFailure(message: "no host cache geometry"))
        }
        return .success(CacheGeometry(i1: i1, d1: d1, ll: ll))
    }
}

/// Why a `sim_cache` setting was refused.
public struct SimCacheSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

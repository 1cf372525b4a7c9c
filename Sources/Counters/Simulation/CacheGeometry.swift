import Foundation

/// The three caches Valgrind simulates: first-level instruction (I1) and data (D1) caches
/// and one unified last level (LL).
public struct CacheGeometry: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var i1: SimulatedCache
    public var d1: SimulatedCache
    public var ll: SimulatedCache

    /// I1, D1 and LL as given.
    public init(i1: SimulatedCache, d1: SimulatedCache, ll: SimulatedCache) {
        self.i1 = i1
        self.d1 = d1
        self.ll = ll
    }

    /// The options that make callgrind simulate exactly this geometry.
    public var valgrindArguments: [String] {
        ["--I1=\(i1.valgrindValue)", "--D1=\(d1.valgrindValue)", "--LL=\(ll.valgrindValue)"]
    }

    /// `I1 32 KiB, 8-way, 64 B lines; D1 …; LL …`.
    public var description: String { "I1 \(i1); D1 \(d1); LL \(ll)" }

    /// `I1=32KiB/8/64,D1=48KiB/12/64,LL=2MiB/16/64`: the form `run --sim-cache` takes.
    public var text: String { "I1=\(i1.text),D1=\(d1.text),LL=\(ll.text)" }

    /// The first problem Valgrind would refuse, named by level, or nil.
    public var problem: String? {
        for (name, cache) in [("I1", i1), ("D1", d1), ("LL", ll)] {
            if let p = cache.problem { return "\(name): \(p)" }
        }
        return nil
    }

    /// The typical first-level caches of current x86-64 cores (32 KiB, 8-way, 64-byte lines),
    /// used where a geometry must not depend on the machine.
    public static let typicalL1 = SimulatedCache(sizeBytes: 32 << 10, ways: 8, lineBytes: 64)

    /// This machine's caches from sysfs (`/sys/devices/system/cpu/cpu0/cache`): the L1
    /// instruction and data caches and the highest-level cache as LL. A level whose set count
    /// is not a power of two (e.g. a 105 MiB L3) is adjusted as Valgrind adjusts it (see
    /// `SimulatedCache.adjusted`). Fails with the reason when sysfs does not describe them.
    public static func host(sysfs: String = "/sys/devices/system/cpu/cpu0/cache") -> Result<
        CacheGeometry, CounterFailure
    > {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: sysfs) else {
            return .failure(
                CounterFailure(
                    message: "cannot read \(sysfs) to learn this machine's caches; "
                        + "give the geometry explicitly (measure.sim_cache or run --sim-cache)"))
        }
        var i1: SimulatedCache?, d1: SimulatedCache?
        var last: (level: Int, cache: SimulatedCache)?
        for entry in entries.sorted() where entry.hasPrefix("index") {
            func read(_ file: String) -> String? {
                (try? String(contentsOfFile: "\(sysfs)/\(entry)/\(file)", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard let level = read("level").flatMap(Int.init), let type = read("type"),
                let size = read("size").flatMap(Self.sysfsSize),
                let ways = read("ways_of_associativity").flatMap(Int.init),
                let line = read("coherency_line_size").flatMap(Int.init), ways > 0, line > 0
            else { continue }
            let cache = SimulatedCache.adjusted(sizeBytes: size, ways: ways, lineBytes: line)
            if level == 1 && type == "Instruction" { i1 = cache }
            if level == 1 && type == "Data" { d1 = cache }
            if type != "Instruction", last.map({ level > $0.level }) ?? true { last = (level, cache) }
        }
        guard let i1, let d1, let ll = last?.cache else {
            return .failure(
                CounterFailure(
                    message: "\(sysfs) does not describe the L1 instruction, L1 data and last-level "
                        + "caches; give the geometry explicitly (measure.sim_cache or run --sim-cache)"))
        }
        let geometry = CacheGeometry(i1: i1, d1: d1, ll: ll)
        if let problem = geometry.problem {
            return .failure(
                CounterFailure(
                    message: "this machine's caches cannot be simulated as described by sysfs (\(problem)); "
                        + "give the geometry explicitly"))
        }
        return .success(geometry)
    }

    /// `48K` → 49152, `2048K` → 2097152, `1M` → 1048576.
    static func sysfsSize(_ text: String) -> Int? {
        let digits = text.prefix { $0.isNumber }
        guard let n = Int(digits) else { return nil }
        switch text.dropFirst(digits.count) {
        case "": return n
        case "K": return n << 10
        case "M": return n << 20
        case "G": return n << 30
        default: return nil
        }
    }
}

import Foundation

/// One simulated cache: total size, associativity and line size, as Valgrind's
/// `--I1`, `--D1` and `--LL` options take them.
public struct SimulatedCache: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Total size in bytes.
    public var sizeBytes: Int
    /// Ways per set (associativity).
    public var ways: Int
    /// Line size in bytes.
    public var lineBytes: Int

    /// A cache of `sizeBytes`, `ways`-way set associative, with `lineBytes` lines.
    public init(sizeBytes: Int, ways: Int, lineBytes: Int) {
        self.sizeBytes = sizeBytes
        self.ways = ways
        self.lineBytes = lineBytes
    }

    /// Number of sets (size / (ways × line)); 0 when it does not divide.
    public var sets: Int {
        guard ways > 0, lineBytes > 0, sizeBytes % (ways * lineBytes) == 0 else { return 0 }
        return sizeBytes / (ways * lineBytes)
    }

    /// Why Valgrind would refuse this cache (its own rules, `cg_arch.c`), or nil when valid:
    /// a power-of-two number of sets, a power-of-two line of at least 16 bytes, a size above
    /// one line and no more ways than lines.
    public var problem: String? {
        func isPowerOfTwo(_ n: Int) -> Bool { n > 0 && n & (n - 1) == 0 }
        guard sizeBytes > 0, ways > 0, lineBytes > 0 else { return "size, ways and line must be positive" }
        guard isPowerOfTwo(lineBytes), lineBytes >= 16 else {
            return "the line size (\(lineBytes) B) must be a power of two of at least 16 bytes"
        }
        guard sizeBytes > lineBytes else { return "the size (\(sizeBytes) B) must exceed one line (\(lineBytes) B)" }
        guard ways <= sizeBytes / lineBytes else {
            return "\(ways) ways exceed the \(sizeBytes / lineBytes) lines of the cache"
        }
        guard isPowerOfTwo(sets) else {
            let exact = Double(sizeBytes) / Double(ways * lineBytes)
            return "the number of sets, size / (ways × line) = \(Self.trimmed(exact)), must be a power of two"
        }
        return nil
    }

    /// `SIZE,WAYS,LINE` as Valgrind's `--D1=` and friends take it.
    public var valgrindValue: String { "\(sizeBytes),\(ways),\(lineBytes)" }

    /// `48 KiB, 12-way, 64 B lines`.
    public var description: String {
        "\(Self.binarySize(sizeBytes)), \(ways)-way, \(lineBytes) B lines"
    }

    /// `48KiB/12/64`: the form suites and `run --sim-cache` use.
    public var text: String { "\(Self.compactSize(sizeBytes))/\(ways)/\(lineBytes)" }

    /// A valid cache as close as Valgrind itself makes one from a CPU's description when its
    /// set count is not a power of two (`maybe_tweak_LLc`): the sets go down to the next power
    /// of two and the ways up by the same factor, so the size stays about the same. A valid
    /// description is returned unchanged.
    public static func adjusted(sizeBytes: Int, ways: Int, lineBytes: Int) -> SimulatedCache {
        let given = SimulatedCache(sizeBytes: sizeBytes, ways: ways, lineBytes: lineBytes)
        guard ways > 0, lineBytes > 0, sizeBytes / (ways * lineBytes) > 0, given.problem != nil else { return given }
        let sets = sizeBytes / (ways * lineBytes)
        var powerOfTwo = 1
        while powerOfTwo * 2 <= sets { powerOfTwo *= 2 }
        let newWays = Int((0.5 + Double(sets) / Double(powerOfTwo) * Double(ways)).rounded(.down))
        return SimulatedCache(sizeBytes: lineBytes * newWays * powerOfTwo, ways: newWays, lineBytes: lineBytes)
    }

    static func binarySize(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) B"
    }

    static func compactSize(_ bytes: Int) -> String {
        binarySize(bytes).replacingOccurrences(of: " B", with: "").replacingOccurrences(of: " ", with: "")
    }

    private static func trimmed(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.3f", x)
    }
}

import AttentionKernels

/// The typed value of one `SuiteParameter`, after parsing. Include and exclude entries
/// match on these values, so `sram: 96KiB` matches `sram: 98304`.
public enum ParameterValue: Hashable, Sendable, CustomStringConvertible {
    /// batch, heads, kv_heads, seq_len, kv_len, head_dim, threads.
    case integer(Int)
    /// causal, incoherent, gqa_packing.
    case flag(Bool)
    case algorithm(Algorithm)
    case precision(Precision)
    case scaling(Scaling)
    /// An explicit tile, or nil for `auto` (FlashAttention-1's rule with `sram`, else 64x64).
    case tile(TileSize?)
    /// Bytes (`sram`).
    case size(Int)
    /// A hardware profile name, lowercase.
    case profile(String)
    case seed(UInt64)
    case distribution(InputDistribution)
    /// `attnbench` or a provider's name (checked against the known providers once the
    /// whole suite is read).
    case implementation(String)

    /// How the value reads in messages.
    public var description: String {
        switch self {
        case .integer(let n): return "\(n)"
        case .flag(let b): return "\(b)"
        case .algorithm(let a): return a.rawValue
        case .precision(let p): return p.rawValue
        case .scaling(let s): return s.rawValue
        case .tile(let t): return t?.description ?? "auto"
        case .size(let bytes): return SRAMBudget.formatSize(bytes)
        case .profile(let name): return name
        case .seed(let s): return "\(s)"
        case .implementation(let name): return name
        case .distribution(let d):
            return
                "{mean: \(d.mean), std: \(d.std), outlier_fraction: \(d.outlierFraction), outlier_std: \(d.outlierStd)}"
        }
    }
}

/// A parameter value together with where the suite set it, so that a case that the
/// kernels refuse can be reported at the line that caused it.
public struct LocatedValue: Hashable, Sendable {
    /// Which part of the suite set the value; more specific sources override less
    /// specific ones, and errors about a combination point at the most specific one.
    public enum Source: Int, Comparable, Sendable {
        case defaults, matrix, include

        public static func < (a: Source, b: Source) -> Bool { a.rawValue < b.rawValue }
    }

    public var value: ParameterValue
    public var location: SourceLocation
    public var source: Source

    public init(_ value: ParameterValue, at location: SourceLocation, from source: Source) {
        self.value = value
        self.location = location
        self.source = source
    }
}

/// Parameters set by one part of a suite (defaults, one matrix combination, one
/// include or exclude entry), each with its location.
public typealias ParameterAssignment = [SuiteParameter: LocatedValue]

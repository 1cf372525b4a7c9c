/// A parameter of one benchmark case: the keys usable in `defaults`, `matrix`,
/// `include` and `exclude`. Raw values are the YAML keys.
public enum SuiteParameter: String, CaseIterable, Hashable, Sendable, Comparable {
    case batch
    case heads
    case kvHeads = "kv_heads"
    case seqLen = "seq_len"
    case kvLen = "kv_len"
    case headDim = "head_dim"
    case causal
    case algorithm
    case precision
    case scaling
    case incoherent
    case tile
    case sram
    case profile
    case gqaPacking = "gqa_packing"
    case threads
    case seed
    case distribution
    /// Whose attention runs the case: `attnbench` or a provider (see docs/providers.md).
    case implementation

    /// The YAML key.
    public var key: String { rawValue }

    /// Every key, in declaration order (for "did you mean" and messages).
    public static var keys: [String] { allCases.map(\.rawValue) }

    /// The parameter whose value this one takes when neither the suite nor its defaults
    /// set it: `kv_len` follows `seq_len` and `kv_heads` follows `heads` (MHA).
    var follows: SuiteParameter? {
        switch self {
        case .kvLen: return .seqLen
        case .kvHeads: return .heads
        default: return nil
        }
    }

    /// The value used when the suite sets neither this parameter nor the one it follows.
    /// `tile`, `sram` and `profile` have none: no explicit tile, no SRAM limit.
    var builtInDefault: ParameterValue? {
        switch self {
        case .batch: return .integer(1)
        case .heads, .kvHeads: return .integer(8)
        case .seqLen, .kvLen: return .integer(1024)
        case .headDim: return .integer(64)
        case .causal, .incoherent: return .flag(false)
        case .gqaPacking: return .flag(true)
        case .algorithm: return .algorithm(.flash)
        case .precision: return .precision(.fp32)
        case .scaling: return .scaling(.tensor)
        case .threads: return .integer(1)
        case .seed: return .seed(42)
        case .distribution: return .distribution(.standard)
        case .implementation: return .implementation(CaseParameters.builtInImplementation)
        case .tile, .sram, .profile: return nil
        }
    }

    /// Declaration order, so sorted parameter lists read the same as the docs.
    public static func < (a: SuiteParameter, b: SuiteParameter) -> Bool {
        a.order < b.order
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

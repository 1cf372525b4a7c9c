/// How query heads share key/value heads.
///
/// MHA: every query head has its own K/V head. GQA: groups of `g = Hq/Hkv` query
/// heads share one K/V head (query head `h` uses K/V head `h / g`). MQA: all query
/// heads share a single K/V head.
public enum HeadLayout: Equatable, Sendable, CustomStringConvertible {
    case mha
    case gqa(group: Int)
    case mqa

    /// Classifies `(Hq, Hkv)`, refusing combinations that are not a valid layout.
    public init(queryHeads: Int, kvHeads: Int) throws(AttentionError) {
        guard queryHeads > 0, kvHeads > 0 else {
            throw AttentionError(.headLayout, "heads must be positive (heads: \(queryHeads), kv_heads: \(kvHeads))")
        }
        guard queryHeads % kvHeads == 0 else {
            throw AttentionError(
                .headLayout,
                "heads (\(queryHeads)) must be a multiple of kv_heads (\(kvHeads)): Hq % Hkv = \(queryHeads % kvHeads)")
        }
        if kvHeads == queryHeads {
            self = .mha
        } else if kvHeads == 1 {
            self = .mqa
        } else {
            self = .gqa(group: queryHeads / kvHeads)
        }
    }

    /// Short name used in case ids and reports: `mha`, `gqa`, `mqa`.
    public var name: String {
        switch self {
        case .mha: return "mha"
        case .gqa: return "gqa"
        case .mqa: return "mqa"
        }
    }

    public var description: String {
        switch self {
        case .mha: return "MHA"
        case .gqa(let g): return "GQA (g=\(g))"
        case .mqa: return "MQA"
        }
    }
}

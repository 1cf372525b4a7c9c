/// The attention algorithms attnbench compares (see docs/algorithms in the design):
///
/// - `threePass`: standard attention; S = scale·QKᵀ materialized, then a max pass,
///   a sum-of-exp pass and a normalize pass writing P, then O = PV.
/// - `online`: S materialized; one online-softmax pass (running max and rescaled
///   sum, Milakov & Gimelshein 2018), one normalize pass writing P, then O = PV.
/// - `flash`: FlashAttention-2 loop order: outer loop over Q tiles, inner over K/V
///   tiles, online softmax with a rescaled O accumulator; S never leaves the tile.
/// - `flashV1`: FlashAttention-1 loop order: outer over K/V tiles, inner over Q
///   tiles; O, m and l go back to main memory every outer step.
/// - `flashDecoding`: Flash-Decoding (split-KV): the keys are split into chunks, each
///   chunk's partial O, m and l are computed independently (in parallel) and merged
///   with a log-sum-exp reduction; decode tiles run with the keys along SIMD lanes.
public enum Algorithm: String, CaseIterable, Sendable, Codable {
    case threePass = "three-pass"
    case online = "online"
    case flash = "flash"
    case flashV1 = "flash-v1"
    case flashDecoding = "flash-decoding"

    /// Whether the algorithm keeps S inside a tile (and so can skip masked tiles).
    public var isFused: Bool { self != .threePass && self != .online }

    /// Whether the algorithm can stack a GQA group's query heads into one row stream.
    public var packsGQAGroups: Bool { self == .flash || self == .flashDecoding }

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

import Harness

/// A parameter cases can differ in, with a short name for tables, chart labels and
/// pivots ("seq_len", "head_dim", …). Reports show only the dimensions that actually
/// vary within a run, so labels stay short.
public struct CaseDimension: Hashable, Sendable {
    public let name: String
    let read: @Sendable (CaseRecord) -> String

    public static func == (a: CaseDimension, b: CaseDimension) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public func value(_ record: CaseRecord) -> String { read(record) }

    public static let implementation = CaseDimension(name: "implementation") { $0.parameters.implementation }
    public static let algorithm = CaseDimension(name: "algorithm") { $0.parameters.algorithm }
    public static let layout = CaseDimension(name: "layout") { $0.layout }
    public static let batch = CaseDimension(name: "batch") { String($0.parameters.batch) }
    public static let heads = CaseDimension(name: "heads") { String($0.parameters.heads) }
    public static let kvHeads = CaseDimension(name: "kv_heads") { String($0.parameters.kvHeads) }
    public static let seqLen = CaseDimension(name: "seq_len") { String($0.parameters.seqLen) }
    public static let kvLen = CaseDimension(name: "kv_len") { String($0.parameters.kvLen) }
    public static let headDim = CaseDimension(name: "head_dim") { String($0.parameters.headDim) }
    public static let causal = CaseDimension(name: "causal") { $0.parameters.causal ? "causal" : "full" }
    public static let precision = CaseDimension(name: "precision") { $0.parameters.precision }
    public static let scaling = CaseDimension(name: "scaling") { $0.parameters.scaling }
    public static let incoherent = CaseDimension(name: "incoherent") {
        $0.parameters.incoherent ? "incoherent" : "plain"
    }
    public static let tile = CaseDimension(name: "tile") { $0.parameters.tile ?? "auto" }
    public static let effectiveTile = CaseDimension(name: "effective_tile") { $0.parameters.effectiveTile }
    public static let sram = CaseDimension(name: "sram") {
        $0.parameters.sramBytes.map { HumanFormat.binaryBytes($0) } ?? "-"
    }
    public static let profile = CaseDimension(name: "profile") { $0.parameters.profile ?? "-" }
    public static let gqaPacking = CaseDimension(name: "gqa_packing") {
        $0.parameters.gqaPacking ? "packed" : "unpacked"
    }
    public static let threads = CaseDimension(name: "threads") { String($0.parameters.threads) }
    public static let seed = CaseDimension(name: "seed") { String($0.parameters.seed) }
    /// The machine that measured the case (merged runs of several hosts); "-" when unrecorded.
    public static let host = CaseDimension(name: "host") { $0.host ?? "-" }
    public static let distribution = CaseDimension(name: "inputs") { record in
        let d = record.parameters.distribution
        var text = "N(\(HumanFormat.number(d.mean)), \(HumanFormat.number(d.std))²)"
        if d.outlierFraction > 0 {
            text += " + \(HumanFormat.number(d.outlierFraction * 100))% N(0, \(HumanFormat.number(d.outlierStd))²)"
        }
        return text
    }

    /// Every dimension, in the order labels list them.
    public static let all: [CaseDimension] = [
        implementation, algorithm, layout, seqLen, kvLen, headDim, causal, precision, scaling,
        incoherent, tile, batch, heads, kvHeads, sram, profile, gqaPacking,
        threads, distribution, seed, effectiveTile, host
    ]

    /// Dimensions with more than one value among `cases`, in `all` order. `kv_len` is
    /// left out when it always equals `seq_len` (prefill), as it then says nothing more.
    public static func varying(in cases: [CaseRecord]) -> [CaseDimension] {
        let kvFollowsSeq = cases.allSatisfy { $0.parameters.kvLen == $0.parameters.seqLen }
        guard let first = cases.first else { return [] }
        return all.filter { dimension in
            if dimension == kvLen && kvFollowsSeq { return false }
            // Compare with the first case and stop at the first difference: formatting every
            // value of every case dominated reports of large runs.
            if dimension == distribution {
                return cases.contains { $0.parameters.distribution != first.parameters.distribution }
            }
            let value = dimension.read(first)
            return cases.contains { dimension.read($0) != value }
        }
    }

    /// `"flash, seq_len=1024, causal"`: the values of `dimensions`, algorithm and the
    /// self-describing values bare, the others as `name=value`.
    ///
    /// FP8-only dimensions (scaling, incoherent) are left out for fp32 cases. `compact`
    /// (chart legends and axis labels): short names (`L=1024, d=64`), and the usual values
    /// (`full`, `plain`, `packed`, MHA's kv_heads) omitted.
    public static func label(_ record: CaseRecord, _ dimensions: [CaseDimension], compact: Bool = false) -> String {
        let bare: Set<String> = [
            "implementation", "algorithm", "layout", "causal", "precision", "incoherent", "gqa_packing", "inputs"
        ]
        let short = [
            "seq_len": "L", "kv_len": "Lkv", "head_dim": "d", "kv_heads": "kv", "heads": "h", "batch": "b",
            "threads": "t", "effective_tile": "tile"
        ]
        let isFP32 = record.parameters.precision == "fp32"
        let parts: [String] = dimensions.compactMap { d in
            let value = d.value(record)
            if isFP32 && (d == .scaling || d == .incoherent) { return nil }
            if compact {
                if (d == .causal && value == "full") || (d == .incoherent && value == "plain") { return nil }
                if d == .gqaPacking && value == "packed" { return nil }
                if d == .kvHeads && record.layout == "mha" { return nil }
            }
            if bare.contains(d.name) || (compact && d == .scaling) { return value }
            return "\((compact ? short[d.name] : nil) ?? d.name)=\(value)"
        }
        return parts.isEmpty ? record.id : parts.joined(separator: ", ")
    }
}

/// What a provider says it can do, in its hello. A case asking for something else is
/// marked `skipped` with the reason instead of being sent to the provider, so a provider
/// never has to crash or guess. Every key may be omitted; the defaults are those of a
/// plain FP32 attention function.
public struct ProviderCapabilities: Codable, Equatable, Sendable {
    /// Storage precisions it runs (`fp32`, `fp8-e4m3`, `fp8-e5m2`); absent: `fp32` only.
    public var precisions: [String]?
    /// attnbench algorithm names it implements (`three-pass`, `online`, `flash`,
    /// `flash-v1`). Absent: it has one algorithm of its own and runs it whatever the case's
    /// `algorithm` says (keep `algorithm` out of such a provider's cases).
    public var algorithms: [String]?
    /// Causal masking (bottom-right aligned, as attnbench's); absent: true.
    public var causal: Bool?
    /// Fewer K/V heads than query heads (GQA, MQA); absent: true.
    public var gqa: Bool?
    /// The most worker threads it can use; absent: any number.
    public var maxThreads: Int?
    /// Whether it honours an explicit `tile` (or an SRAM size that picks one); absent: false.
    public var tiles: Bool?

    public init(
        precisions: [String]? = nil, algorithms: [String]? = nil, causal: Bool? = nil, gqa: Bool? = nil,
        maxThreads: Int? = nil, tiles: Bool? = nil
    ) {
        self.precisions = precisions
        self.algorithms = algorithms
        self.causal = causal
        self.gqa = gqa
        self.maxThreads = maxThreads
        self.tiles = tiles
    }

    /// Why `provider` cannot run a case with these parameters, or nil when it can.
    public func refusal(of p: CaseParameters, provider: String) -> String? {
        let precisions = self.precisions ?? ["fp32"]
        if !precisions.contains(p.precision) {
            return "\(provider) does not run \(p.precision) (it runs \(precisions.joined(separator: ", ")))"
        }
        if let algorithms, !algorithms.contains(p.algorithm) {
            let has = algorithms.isEmpty ? "none of attnbench's algorithms" : algorithms.joined(separator: ", ")
            return "\(provider) does not implement the \(p.algorithm) algorithm (it implements \(has))"
        }
        if p.causal && causal == false { return "\(provider) does not do causal masking" }
        if p.kvHeads != p.heads && gqa == false {
            return "\(provider) does not do grouped K/V heads (kv_heads \(p.kvHeads) < heads \(p.heads))"
        }
        if let maxThreads, p.threads > maxThreads {
            return
                "\(provider) runs at most \(maxThreads) thread\(maxThreads == 1 ? "" : "s") (the case asks for \(p.threads))"
        }
        if tiles != true, p.tile != nil || p.sramBytes != nil {
            let what = p.tile.map { "tile \($0)" } ?? "an SRAM size that picks the tile"
            return "\(provider) does not take an explicit tile (the case sets \(what))"
        }
        return nil
    }
}

/// Everything about an attention call other than its shape: which algorithm, how it
/// tiles, masking, scale, threads, precision and the memory-model knobs.
public struct AttentionOptions: Equatable, Sendable, Codable {
    public var algorithm: Algorithm
    /// Explicit tile; nil means "pick": FlashAttention-1's rule when `sramBytes` is set,
    /// else `TileSize.defaultTile`.
    public var tile: TileSize?
    /// SRAM capacity the tiles must fit (nil: unlimited).
    public var sramBytes: Int?
    public var causal: Bool
    /// Softmax scale; nil means 1/sqrt(D).
    public var scale: Float?
    public var threads: Int
    /// Stack the g query heads of a GQA group into one Q row stream (flash and
    /// flash-decoding).
    public var gqaPacking: Bool
    /// Number of key chunks for flash-decoding; nil picks one from the shape
    /// (`KVSplit.resolve`). Never depends on `threads`.
    public var kvSplits: Int?
    public var precision: Precision
    public var scaling: Scaling
    /// Multiply Q and K by one random-sign Hadamard matrix before quantizing.
    public var incoherent: Bool
    /// Seed of the random signs of incoherent processing.
    public var seed: UInt64

    public init(
        algorithm: Algorithm = .flash, tile: TileSize? = nil, sramBytes: Int? = nil,
        causal: Bool = false, scale: Float? = nil, threads: Int = 1, gqaPacking: Bool = true,
        precision: Precision = .fp32, scaling: Scaling = .tensor, incoherent: Bool = false,
        seed: UInt64 = 42, kvSplits: Int? = nil
    ) {
        self.algorithm = algorithm
        self.tile = tile
        self.sramBytes = sramBytes
        self.causal = causal
        self.scale = scale
        self.threads = threads
        self.gqaPacking = gqaPacking
        self.precision = precision
        self.scaling = scaling
        self.incoherent = incoherent
        self.seed = seed
        self.kvSplits = kvSplits
    }
}

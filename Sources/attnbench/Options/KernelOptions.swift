import ArgumentParser
import AttentionKernels

/// Options that choose and configure a kernel, shared by `attend`, `model` and `speed`.
struct KernelOptions: ParsableArguments {
    @Option(help: "Attention algorithm.")
    var algorithm: Algorithm = .flash

    @Option(
        help: ArgumentHelp(
            "Tile: query rows x keys. Default: 64x64, or FlashAttention-1's rule when --sram "
                + "or --profile is given.", valueName: "BRxBC"),
        transform: ArgumentSyntax.tile)
    var tile: TileSize?

    @Flag(help: "Causal masking, bottom-right aligned.")
    var causal = false

    @Option(help: "Softmax scale (default 1/sqrt(D)).")
    var scale: Float?

    @Option(help: "Worker threads.")
    var threads: Int = 1

    @Option(help: "Precision of Q, K, V.")
    var precision: Precision = .fp32

    @Option(help: "FP8 scale granularity.")
    var scaling: Scaling = .tensor

    @Flag(help: "Incoherent processing: random-sign Hadamard transform of Q and K before FP8 rounding.")
    var incoherent = false

    @Flag(
        name: .customLong("no-gqa-packing"),
        help: "Do not stack the heads of a GQA group into one Q stream (flash, flash-decoding).")
    var noGQAPacking = false

    @Option(
        help: ArgumentHelp("SRAM capacity the tiles must fit, e.g. 192KiB.", valueName: "size"),
        transform: ArgumentSyntax.size)
    var sram: Int?

    @Option(help: "Seed for incoherent processing's random signs.")
    var seed: UInt64 = 42

    @Option(help: "Key chunks for flash-decoding (default: from the shape, enough for ~128 work units).")
    var kvSplits: Int?

    /// Rules between options (those that need the shape, such as a power-of-two head_dim
    /// for --incoherent, are the plan's).
    func validate() throws {
        guard threads >= 1 && threads <= AttentionPlan.maxThreads else {
            throw ValidationError("--threads must be between 1 and \(AttentionPlan.maxThreads) (got \(threads))")
        }
        if let scale, !(scale.isFinite && scale > 0) {
            throw ValidationError("--scale must be a positive finite number (got \(scale))")
        }
        if incoherent && !precision.isFP8 {
            throw ValidationError("--incoherent applies to FP8 precisions only (--precision is \(precision.rawValue))")
        }
        if let kvSplits, kvSplits < 1 { throw ValidationError("--kv-splits must be at least 1 (got \(kvSplits))") }
    }

    /// The kernel configuration; `sramOverride` is a capacity from elsewhere (a profile).
    func attentionOptions(sramOverride: Int? = nil) -> AttentionOptions {
        AttentionOptions(
            algorithm: algorithm, tile: tile, sramBytes: sram ?? sramOverride, causal: causal, scale: scale,
            threads: threads, gqaPacking: !noGQAPacking, precision: precision, scaling: scaling,
            incoherent: incoherent, seed: seed, kvSplits: kvSplits)
    }
}

/// Builds a plan, turning the kernel library's refusal into a bad-input error.
func makePlan(shape: AttentionShape, options: AttentionOptions) throws -> AttentionPlan {
    do {
        return try AttentionPlan(shape: shape, options: options)
    } catch {
        throw CLIError.badInput(sizeOptionsPrefix(error) + error.message)
    }
}

/// Sizes that overflow come from the shape options (or the tile): say which they are.
func sizeOptionsPrefix(_ error: AttentionError) -> String {
    error.kind == .size ? "--batch, --heads, --seq-len, --kv-len, --head-dim, --tile: " : ""
}

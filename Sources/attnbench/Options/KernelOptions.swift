import ArgumentParser
import AttentionKernels

/// Options that choose and configure a kernel, shared by `attend`, `model` and `speed`.
struct KernelOptions: ParsableArguments {
    @Option(help: "Algorithm: \(Algorithm.names).")
    var algorithm: String = "flash"

    @Option(help: "Tile BRxBC (query rows x keys), e.g. 64x64. Default: 64x64, or FlashAttention-1's rule when --sram/--profile is given.")
    var tile: String?

    @Flag(help: "Causal masking, bottom-right aligned.")
    var causal = false

    @Option(help: "Softmax scale (default 1/sqrt(D)).")
    var scale: Float?

    @Option(help: "Worker threads.")
    var threads: Int = 1

    @Option(help: "Precision of Q, K, V: \(Precision.names).")
    var precision: String = "fp32"

    @Option(help: "FP8 scale granularity: \(Scaling.names).")
    var scaling: String = "tensor"

    @Flag(help: "Incoherent processing: random-sign Hadamard transform of Q and K before FP8 rounding.")
    var incoherent = false

    @Flag(name: .customLong("no-gqa-packing"), help: "Do not stack the heads of a GQA group into one Q stream (flash).")
    var noGQAPacking = false

    @Option(help: "SRAM capacity the tiles must fit, e.g. 192KiB.")
    var sram: String?

    @Option(help: "Seed for incoherent processing's random signs.")
    var seed: UInt64 = 42

    @Option(help: "Key chunks for flash-decoding (default: from the shape, enough for ~128 work units).")
    var kvSplits: Int?

    /// Builds `AttentionOptions`, or a bad-input error naming the option.
    func attentionOptions(sramOverride: Int? = nil) throws -> AttentionOptions {
        guard let algo = Algorithm(rawValue: algorithm) else {
            throw CLIError.badInput("--algorithm: unknown algorithm '\(algorithm)' (expected one of \(Algorithm.names))")
        }
        guard let prec = Precision(rawValue: precision) else {
            throw CLIError.badInput("--precision: unknown precision '\(precision)' (expected one of \(Precision.names))")
        }
        guard let scal = Scaling(rawValue: scaling) else {
            throw CLIError.badInput("--scaling: unknown scaling '\(scaling)' (expected one of \(Scaling.names))")
        }
        var t: TileSize?
        if let tile {
            guard let parsed = TileSize(parsing: tile) else {
                throw CLIError.badInput("--tile: '\(tile)' is not BRxBC with positive integers (e.g. 64x64)")
            }
            t = parsed
        }
        var sramBytes = sramOverride
        if let sram {
            guard let bytes = SRAMBudget.parseSize(sram) else {
                throw CLIError.badInput("--sram: '\(sram)' is not a size (e.g. 192KiB, 96KB, 65536)")
            }
            sramBytes = bytes
        }
        guard threads >= 1 else { throw CLIError.badInput("--threads must be at least 1 (got \(threads))") }
        return AttentionOptions(algorithm: algo, tile: t, sramBytes: sramBytes, causal: causal, scale: scale,
                                threads: threads, gqaPacking: !noGQAPacking, precision: prec, scaling: scal,
                                incoherent: incoherent, seed: seed, kvSplits: kvSplits)
    }
}

/// Builds a plan, turning the kernel library's refusal into a bad-input error.
func makePlan(shape: AttentionShape, options: AttentionOptions) throws -> AttentionPlan {
    do {
        return try AttentionPlan(shape: shape, options: options)
    } catch {
        throw CLIError.badInput(error.message)
    }
}

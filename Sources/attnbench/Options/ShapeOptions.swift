import ArgumentParser
import AttentionKernels

/// The shape of an attention call given on the command line (`model`, `speed`).
struct ShapeOptions: ParsableArguments {
    @Option(help: "Batch size B.") var batch: Int = 1
    @Option(help: "Query heads Hq.") var heads: Int = 8
    @Option(name: .customLong("kv-heads"), help: "Key/value heads Hkv (default: Hq).") var kvHeads: Int?
    @Option(name: .customLong("seq-len"), help: "Query length Lq.") var seqLen: Int = 1024
    @Option(name: .customLong("kv-len"), help: "Key/value length Lkv (default: Lq).") var kvLen: Int?
    @Option(name: .customLong("head-dim"), help: "Head dimension D.") var headDim: Int = 64

    var shape: AttentionShape {
        AttentionShape(
            batch: batch, qHeads: heads, kvHeads: kvHeads ?? heads, qLen: seqLen, kvLen: kvLen ?? seqLen,
            headDim: headDim)
    }

    /// Positive extents and a head layout (Hq a multiple of Hkv).
    func validate() throws {
        do {
            _ = try shape.validated()
        } catch {
            throw ValidationError(error.message)
        }
    }
}

import ArgumentParser
import AttentionKernels
import Foundation
import Harness

/// `attnbench attend`: one attention call on tensors from .npy files, O written as .npy.
struct Attend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one attention call on Q, K, V from .npy files and write O as .npy.",
        discussion: """
            Q is [B, Hq, Lq, D], K and V are [B, Hkv, Lkv, D] (3-D arrays are read as batch 1), \
            little-endian float32, C order. O is written as <f4 [B, Hq, Lq, D].
            """
    )

    @Option(help: "Query tensor (.npy).") var q: String
    @Option(help: "Key tensor (.npy).") var k: String
    @Option(help: "Value tensor (.npy).") var v: String
    @Option(help: "Output path for O (.npy).") var out: String
    @OptionGroup var kernel: KernelOptions
    @Flag(help: "Print accuracy against the float64 reference (on the unquantized inputs) as one JSON object.")
    var metrics = false
    @OptionGroup var memory: MemoryOptions

    func run() throws {
        // Headers first: shapes are checked, and the memory the call needs is known,
        // before any data is read.
        let qf = try open(q), kf = try open(k), vf = try open(v)
        try checkShapes(qf, kf, vf)
        let qs = Self.dims(qf.shape), ks = Self.dims(kf.shape)
        let shape = AttentionShape(
            batch: qs[0], qHeads: qs[1], kvHeads: ks[1], qLen: qs[2], kvLen: ks[2], headDim: qs[3])
        let options = kernel.attentionOptions()
        let plan = try makePlan(shape: shape, options: options)
        try checkMemory(shape: shape, options: options)
        let qt = try read(qf), kt = try read(kf), vt = try read(vf)
        var output = plan.makeOutput()
        do {
            try plan.execute(try plan.prepare(q: qt, k: kt, v: vt), into: &output)
        } catch {
            throw CLIError.badInput(error.message)
        }
        do {
            try NPYFile.write(output, to: out)
        } catch {
            throw CLIError.badInput("--out: \(error.description)")
        }
        if metrics {
            let reference = ReferenceAttention.compute(
                q: qt, k: kt, v: vt, causal: options.causal,
                scale: Double(plan.scale))
            let m = AccuracyMetrics(output: output, reference: reference)
            print(AccuracyReport(shape: shape, plan: plan, metrics: m).json)
        }
    }

    /// `[B, H, L, D]` of a 3-D (batch 1) or 4-D shape.
    static func dims(_ shape: [Int]) -> [Int] { shape.count == 3 ? [1] + shape : shape }

    private func open(_ path: String) throws -> NPYArrayFile {
        do {
            let file = try NPYFile.open(path)
            try file.checkRankForTensor()
            return file
        } catch {
            throw CLIError.badInput(error.description)
        }
    }

    private func read(_ file: NPYArrayFile) throws -> Tensor4 {
        do {
            return try file.readTensor()
        } catch {
            throw CLIError.badInput(error.description)
        }
    }

    /// The plan's footprint (Q, K, V, O, FP8 copies, work buffers), the encoded output
    /// and, with --metrics, the float64 reference of every row, against --max-memory.
    private func checkMemory(shape s: AttentionShape, options: AttentionOptions) throws {
        let plan = AttentionPlan.footprint(shape: s, options: options)
        let output = CheckedSize.productOrNil(4, s.batch, s.qHeads, s.qLen, s.headDim)
        let reference =
            metrics
            ? CheckedSize.productOrNil(8, s.batch, s.qHeads, s.qLen, s.headDim)
                .flatMap { try? CheckedSize.sum($0, CheckedSize.productOrNil(8, s.kvLen) ?? Int.max) } : 0
        let total = plan.flatMap { p in
            output.flatMap { o in reference.flatMap { r in try? CheckedSize.sum(p.total, o, r) } }
        }
        let what =
            "the attention call on \(q) [\(s.batch), \(s.qHeads), \(s.qLen), \(s.headDim)] and \(k), \(v) "
            + "[\(s.batch), \(s.kvHeads), \(s.kvLen), \(s.headDim)]"
        if let refusal = memory.budget.refusal(what, needs: total) {
            throw CLIError.badInput(refusal)
        }
    }

    /// Q, K and V must agree on batch and head_dim, K and V on heads and length.
    private func checkShapes(_ qf: NPYArrayFile, _ kf: NPYArrayFile, _ vf: NPYArrayFile) throws {
        func bad(_ what: String) -> CLIError { CLIError.badInput("inconsistent shapes: \(what)") }
        let qs = Self.dims(qf.shape), ks = Self.dims(kf.shape), vs = Self.dims(vf.shape)
        if ks != vs {
            throw bad("\(k) has shape \(ks) but \(v) has shape \(vs) (K and V must match)")
        }
        if qs[0] != ks[0] {
            throw bad("\(q) has batch \(qs[0]) but \(k) has batch \(ks[0])")
        }
        if qs[3] != ks[3] {
            throw bad("\(q) has head_dim \(qs[3]) but \(k) has head_dim \(ks[3])")
        }
        if ks[1] == 0 || qs[1] % ks[1] != 0 {
            throw bad("\(q) has \(qs[1]) heads, not a multiple of the \(ks[1]) heads of \(k)")
        }
        if qf.count == 0 || kf.count == 0 {
            throw bad("empty tensor (\(q) \(qs), \(k) \(ks))")
        }
    }
}

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

    func run() throws {
        let qt = try readTensor(q), kt = try readTensor(k), vt = try readTensor(v)
        try checkShapes(qt, kt, vt)
        let options = kernel.attentionOptions()
        let shape = AttentionShape(batch: qt.batch, qHeads: qt.heads, kvHeads: kt.heads,
                                   qLen: qt.length, kvLen: kt.length, headDim: qt.dim)
        let plan = try makePlan(shape: shape, options: options)
        var output = plan.makeOutput()
        do {
            try plan.execute(try plan.prepare(q: qt, k: kt, v: vt), into: &output)
        } catch {
            throw CLIError.badInput(error.message)
        }
        do {
            try NPYFile.write(output, to: out)
        } catch {
            throw CLIError.badInput(error.description)
        }
        if metrics {
            let reference = ReferenceAttention.compute(q: qt, k: kt, v: vt, causal: options.causal,
                                                       scale: Double(plan.scale))
            let m = AccuracyMetrics(output: output, reference: reference)
            print(AccuracyReport(shape: shape, plan: plan, metrics: m).json)
        }
    }

    private func readTensor(_ path: String) throws -> Tensor4 {
        do {
            return try NPYFile.read(path)
        } catch {
            throw CLIError.badInput(error.description)
        }
    }

    /// Q, K and V must agree on batch and head_dim, K and V on heads and length.
    private func checkShapes(_ qt: Tensor4, _ kt: Tensor4, _ vt: Tensor4) throws {
        func bad(_ what: String) -> CLIError { CLIError.badInput("inconsistent shapes: \(what)") }
        if kt.shape != vt.shape {
            throw bad("\(k) has shape \(kt.shape) but \(v) has shape \(vt.shape) (K and V must match)")
        }
        if qt.batch != kt.batch {
            throw bad("\(q) has batch \(qt.batch) but \(k) has batch \(kt.batch)")
        }
        if qt.dim != kt.dim {
            throw bad("\(q) has head_dim \(qt.dim) but \(k) has head_dim \(kt.dim)")
        }
        if kt.heads == 0 || qt.heads % kt.heads != 0 {
            throw bad("\(q) has \(qt.heads) heads, not a multiple of the \(kt.heads) heads of \(k)")
        }
        if qt.count == 0 || kt.count == 0 {
            throw bad("empty tensor (\(q) \(qt.shape), \(k) \(kt.shape))")
        }
    }
}

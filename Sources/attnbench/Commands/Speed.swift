import ArgumentParser
import AttentionKernels
import Foundation
import Harness

/// `attnbench speed`: a built-in side-by-side comparison of the algorithms on one shape —
/// median time, GFLOP/s and max error — with no suite file. Useful to check a build.
struct Speed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the algorithms on one shape (time, GFLOP/s, max error against float64).")

    @OptionGroup var shapeOptions: ShapeOptions
    @OptionGroup var kernel: KernelOptions
    @Option(
        help: ArgumentHelp(
            "Comma-separated algorithms (default: all of \(Algorithm.names)).",
            valueName: "name,…"),
        transform: ArgumentSyntax.algorithms)
    var algorithms: [Algorithm]?
    @Option(help: "Timed calls per algorithm (median reported); rounds are interleaved.") var repeats: Int = 5
    @Flag(help: "Also time each kernel without its traffic ledger (shows the ledger's cost).") var ledgerCost = false
    @OptionGroup var memory: MemoryOptions

    /// Most timed calls per algorithm.
    static let maxRepeats = 100_000

    func validate() throws {
        guard repeats >= 1 && repeats <= Self.maxRepeats else {
            throw ValidationError("--repeats must be between 1 and \(Self.maxRepeats) (got \(repeats))")
        }
    }

    func run() throws {
        let shape = shapeOptions.shape
        let variants = (algorithms ?? Algorithm.allCases).map { algorithm in
            var k = kernel
            k.algorithm = algorithm
            if algorithm != .flashDecoding { k.kvSplits = nil }  // --kv-splits is flash-decoding's
            return k.attentionOptions()
        }
        let rows: [SpeedComparison.Row]
        do {
            let comparison = try SpeedComparison(
                shape: shape, variants: variants, repeats: repeats, ledgerCost: ledgerCost)
            if let refusal = memory.budget.refusal("speed", needs: comparison.memoryNeeded) {
                throw CLIError.badInput(refusal)
            }
            rows = try comparison.run()
        } catch let error as AttentionError {
            throw CLIError.badInput(sizeOptionsPrefix(error) + error.message)
        }
        print(
            "shape: B=\(shape.batch) Hq=\(shape.qHeads) Hkv=\(shape.kvHeads) Lq=\(shape.qLen) Lkv=\(shape.kvLen) D=\(shape.headDim)"
                + (kernel.causal ? " causal" : "") + ", threads \(kernel.threads), median of \(repeats)")
        var header = ["algorithm", "tile", "time (ms)", "GFLOP/s", "max |O-ref|"]
        if ledgerCost { header.append("no-ledger (ms)") }
        let table = rows.map { r in
            [
                r.plan.options.algorithm.rawValue, r.plan.tile.description, String(format: "%.3f", r.medianNs / 1e6),
                String(format: "%.1f", r.gflops), String(format: "%.2e", r.maxAbsError)
            ]
                + (r.unrecordedMedianNs.map { [String(format: "%.3f", $0 / 1e6)] } ?? [])
        }
        print(TextTable(header: header, rows: table).render())
    }
}

import ArgumentParser
import AttentionKernels
import Foundation
import Harness

/// `attnbench speed`: a built-in side-by-side comparison of the algorithms on one shape —
/// median time, GFLOP/s and max error — with no suite file. Useful to check a build.
struct Speed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the algorithms on one shape (time, GFLOP/s, max error).")

    @OptionGroup var shapeOptions: ShapeOptions
    @OptionGroup var kernel: KernelOptions
    @Option(help: "Comma-separated algorithms (default: all).") var algorithms: String?
    @Option(help: "Timed calls per algorithm (median reported); rounds are interleaved.") var repeats: Int = 5
    @Flag(help: "Also time each kernel without its traffic ledger (shows the ledger's cost).") var ledgerCost = false

    func run() throws {
        let shape = try shapeOptions.shape()
        let names = algorithms?.split(separator: ",").map(String.init) ?? Algorithm.allCases.map(\.rawValue)
        var plans: [(String, AttentionPlan)] = []
        for name in names {
            var k = kernel
            k.algorithm = name
            if name != Algorithm.flashDecoding.rawValue { k.kvSplits = nil }  // --kv-splits is flash-decoding's
            plans.append((name, try makePlan(shape: shape, options: try k.attentionOptions())))
        }
        let dist = InputDistribution.standard
        let q = dist.tensor(batch: shape.batch, heads: shape.qHeads, length: shape.qLen, dim: shape.headDim, seed: 1, stream: 0)
        let k = dist.tensor(batch: shape.batch, heads: shape.kvHeads, length: shape.kvLen, dim: shape.headDim, seed: 1, stream: 1)
        let v = dist.tensor(batch: shape.batch, heads: shape.kvHeads, length: shape.kvLen, dim: shape.headDim, seed: 1, stream: 2)
        let referenceCost = Double(shape.nominalFlops(causal: false))
        let reference = referenceCost < 4e9
            ? ReferenceAttention.compute(q: q, k: k, v: v, causal: kernel.causal, scale: Double(plans[0].1.scale)) : nil

        var outputs = plans.map { $0.1.makeOutput() }
        var prepared: [PreparedInputs] = []
        for (_, plan) in plans {
            do { prepared.append(try plan.prepare(q: q, k: k, v: v)) } catch { throw CLIError.badInput(error.message) }
        }
        var times = Array(repeating: [Double](), count: plans.count)
        var bare = Array(repeating: [Double](), count: plans.count)
        for i in plans.indices { plans[i].1.execute(prepared[i], into: &outputs[i]) }  // warm-up
        for _ in 0..<max(1, repeats) {
            for i in plans.indices {
                let t0 = DispatchTime.now().uptimeNanoseconds
                plans[i].1.execute(prepared[i], into: &outputs[i])
                times[i].append(Double(DispatchTime.now().uptimeNanoseconds - t0))
                if ledgerCost {
                    let t1 = DispatchTime.now().uptimeNanoseconds
                    plans[i].1.executeUnrecorded(prepared[i], into: &outputs[i])
                    bare[i].append(Double(DispatchTime.now().uptimeNanoseconds - t1))
                }
            }
        }
        print("shape: B=\(shape.batch) Hq=\(shape.qHeads) Hkv=\(shape.kvHeads) Lq=\(shape.qLen) Lkv=\(shape.kvLen) D=\(shape.headDim)"
              + (kernel.causal ? " causal" : "") + ", threads \(kernel.threads), median of \(repeats)")
        var header = ["algorithm", "tile", "time (ms)", "GFLOP/s", "max |O-ref|"]
        if ledgerCost { header.append("no-ledger (ms)") }
        var rows: [[String]] = []
        let flops = Double(shape.nominalFlops(causal: kernel.causal))
        for (i, (name, plan)) in plans.enumerated() {
            let med = Quantile.median(times[i])
            var err = "n/a"
            if let reference {
                err = String(format: "%.2e", AccuracyMetrics(output: outputs[i], reference: reference).maxAbsError)
            }
            var row = [name, plan.tile.description, String(format: "%.3f", med / 1e6),
                       String(format: "%.1f", flops / med), err]
            if ledgerCost { row.append(String(format: "%.3f", Quantile.median(bare[i]) / 1e6)) }
            rows.append(row)
        }
        print(TextTable(header: header, rows: rows).render())
    }
}

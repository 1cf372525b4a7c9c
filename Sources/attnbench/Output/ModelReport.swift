import AttentionKernels
import Foundation
import Harness
import Reports

/// What `attnbench model` prints: the ledger as a table or as one JSON object.
struct ModelReport: Encodable {
    struct Roofline: Encodable {
        var profile: String
        var memorySeconds: Double, computeSeconds: Double
        var overlappedSeconds: Double, serialSeconds: Double
        var bound: String
        /// Compute units the work units keep busy, of the profile's.
        var busyUnits: Int, computeUnits: Int
    }

    var algorithm: String, layout: String, precision: String, causal: Bool, gqaPacking: Bool
    var batch: Int, heads: Int, kvHeads: Int, seqLen: Int, kvLen: Int, headDim: Int
    var tile: String, tileChoice: String
    var sramCapacityBytes: Int?
    var hbmReadBytes: Int, hbmWriteBytes: Int, sramPeakBytes: Int
    var flops: Int, executedFlops: Int, kvCacheBytes: Int
    var arithmeticIntensity: Double
    var readsByOperand: [String: Int], writesByOperand: [String: Int]
    var roofline: [Roofline]
    /// Independent work units of the kernel's parallel loop; flash-decoding's key splits.
    var workUnits: Int, kvSplits: Int

    init(plan: AttentionPlan, ledger: TrafficLedger, profiles: [HardwareProfile]) {
        let s = plan.shape, o = plan.options
        algorithm = o.algorithm.rawValue; layout = plan.layout.name; precision = o.precision.rawValue
        causal = o.causal; gqaPacking = plan.packsGQA
        batch = s.batch; heads = s.qHeads; kvHeads = s.kvHeads; seqLen = s.qLen; kvLen = s.kvLen; headDim = s.headDim
        tile = plan.tile.description; tileChoice = plan.tileChoice.rawValue
        sramCapacityBytes = o.sramBytes
        hbmReadBytes = ledger.hbmReadBytes; hbmWriteBytes = ledger.hbmWriteBytes; sramPeakBytes = ledger.sramPeakBytes
        flops = ledger.flops; executedFlops = ledger.executedFlops
        kvCacheBytes = s.kvCacheBytes(elementBytes: o.precision.elementBytes)
        arithmeticIntensity = ledger.arithmeticIntensity
        readsByOperand = ledger.readsByOperandName; writesByOperand = ledger.writesByOperandName
        workUnits = plan.parallelWorkUnits
        kvSplits = plan.kvSplit.splits
        roofline = profiles.map { [workUnits] p in
            let r = RooflineEstimate(ledger: ledger, profile: p, precision: o.precision, workUnits: workUnits)
            return Roofline(
                profile: p.name, memorySeconds: r.memorySeconds, computeSeconds: r.computeSeconds,
                overlappedSeconds: r.overlappedSeconds, serialSeconds: r.serialSeconds, bound: r.bound,
                busyUnits: r.busyUnits, computeUnits: p.computeUnits)
        }
    }

    var json: String { JSONText.encode(self, pretty: true) }

    private func seconds(_ s: Double) -> String { HumanFormat.duration(ns: s * 1e9) }

    var table: String {
        var lines: [String] = []
        lines.append(
            "\(algorithm) · \(layout) · B=\(batch) Hq=\(heads) Hkv=\(kvHeads) Lq=\(seqLen) Lkv=\(kvLen) D=\(headDim) · "
                + "\(precision)\(causal ? " · causal" : "")\(gqaPacking ? " · GQA packed" : "")")
        let cap = sramCapacityBytes.map { " of \(HumanFormat.binaryBytes($0)) SRAM" } ?? ""
        lines.append("tile \(tile) (\(tileChoice)); SRAM working set \(HumanFormat.binaryBytes(sramPeakBytes))\(cap)")
        lines.append("")
        var rows: [[String]] = []
        for op in TrafficOperand.allCases {
            let r = readsByOperand[op.name] ?? 0, w = writesByOperand[op.name] ?? 0
            if r == 0 && w == 0 { continue }
            rows.append([op.name, "\(r)", "\(w)"])
        }
        rows.append(["total", "\(hbmReadBytes)", "\(hbmWriteBytes)"])
        lines.append(TextTable(header: ["HBM traffic", "read (B)", "write (B)"], rows: rows).render())
        lines.append("")
        lines.append(
            "HBM bytes:        \("\(HumanFormat.bytes(Double(hbmReadBytes + hbmWriteBytes))) (\(hbmReadBytes + hbmWriteBytes) B)")"
        )
        lines.append("FLOPs:            \(flops) nominal, \(executedFlops) executed")
        lines.append("KV cache:         \("\(HumanFormat.bytes(Double(kvCacheBytes))) (\(kvCacheBytes) B)")")
        lines.append(String(format: "intensity:        %.2f FLOP/byte", arithmeticIntensity))
        lines.append(
            "work units:       \(workUnits)" + (algorithm == "flash-decoding" ? " (\(kvSplits) key splits)" : ""))
        if !roofline.isEmpty {
            lines.append("")
            let rr = roofline.map { r in
                [
                    r.profile, "\(r.busyUnits)/\(r.computeUnits)", seconds(r.memorySeconds), seconds(r.computeSeconds),
                    seconds(r.overlappedSeconds), seconds(r.serialSeconds), r.bound
                ]
            }
            lines.append(
                TextTable(
                    header: ["roofline", "busy units", "memory", "compute", "async max", "sync sum", "bound"],
                    rows: rr
                ).render())
        }
        return lines.joined(separator: "\n")
    }
}

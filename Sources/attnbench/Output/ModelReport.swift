import AttentionKernels
import Foundation

/// What `attnbench model` prints: the ledger as a table or as one JSON object.
struct ModelReport: Encodable {
    struct Roofline: Encodable {
        var profile: String
        var memorySeconds: Double, computeSeconds: Double
        var overlappedSeconds: Double, serialSeconds: Double
        var bound: String
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
        var reads: [String: Int] = [:], writes: [String: Int] = [:]
        for op in TrafficOperand.allCases {
            if ledger.readBytes(op) > 0 { reads[op.name] = ledger.readBytes(op) }
            if ledger.writeBytes(op) > 0 { writes[op.name] = ledger.writeBytes(op) }
        }
        readsByOperand = reads; writesByOperand = writes
        roofline = profiles.map { p in
            let r = RooflineEstimate(ledger: ledger, profile: p, precision: o.precision)
            return Roofline(profile: p.name, memorySeconds: r.memorySeconds, computeSeconds: r.computeSeconds,
                            overlappedSeconds: r.overlappedSeconds, serialSeconds: r.serialSeconds, bound: r.bound)
        }
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(self), let s = String(data: data, encoding: .utf8) else { return "{}" }
        return s
    }

    var table: String {
        var lines: [String] = []
        lines.append("\(algorithm) · \(layout) · B=\(batch) Hq=\(heads) Hkv=\(kvHeads) Lq=\(seqLen) Lkv=\(kvLen) D=\(headDim) · "
                     + "\(precision)\(causal ? " · causal" : "")\(gqaPacking ? " · GQA packed" : "")")
        let cap = sramCapacityBytes.map { " of \(ByteFormat.binary($0)) SRAM" } ?? ""
        lines.append("tile \(tile) (\(tileChoice)); SRAM working set \(ByteFormat.binary(sramPeakBytes))\(cap)")
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
        lines.append("HBM bytes:        \(ByteFormat.decimal(hbmReadBytes + hbmWriteBytes))")
        lines.append("FLOPs:            \(flops) nominal, \(executedFlops) executed")
        lines.append("KV cache:         \(ByteFormat.decimal(kvCacheBytes))")
        lines.append(String(format: "intensity:        %.2f FLOP/byte", arithmeticIntensity))
        if !roofline.isEmpty {
            lines.append("")
            let rr = roofline.map { r in
                [r.profile, TimeFormat.seconds(r.memorySeconds), TimeFormat.seconds(r.computeSeconds),
                 TimeFormat.seconds(r.overlappedSeconds), TimeFormat.seconds(r.serialSeconds), r.bound]
            }
            lines.append(TextTable(header: ["roofline", "memory", "compute", "async max", "sync sum", "bound"], rows: rr).render())
        }
        return lines.joined(separator: "\n")
    }
}

enum ByteFormat {
    static func binary(_ b: Int) -> String {
        if b >= 1 << 30 { return String(format: "%.2f GiB", Double(b) / Double(1 << 30)) }
        if b >= 1 << 20 { return String(format: "%.2f MiB", Double(b) / Double(1 << 20)) }
        if b >= 1024 { return String(format: "%.1f KiB", Double(b) / 1024) }
        return "\(b) B"
    }

    static func decimal(_ b: Int) -> String {
        let d = Double(b)
        if d >= 1e9 { return String(format: "%.3f GB (%d B)", d / 1e9, b) }
        if d >= 1e6 { return String(format: "%.3f MB (%d B)", d / 1e6, b) }
        if d >= 1e3 { return String(format: "%.3f kB (%d B)", d / 1e3, b) }
        return "\(b) B"
    }
}

enum TimeFormat {
    static func seconds(_ s: Double) -> String {
        if s >= 1 { return String(format: "%.3f s", s) }
        if s >= 1e-3 { return String(format: "%.3f ms", s * 1e3) }
        if s >= 1e-6 { return String(format: "%.3f µs", s * 1e6) }
        return String(format: "%.1f ns", s * 1e9)
    }
}

import Harness

extension MarkdownRenderer {
    static let referenceAlgorithm = "three-pass"

    /// Each algorithm's speed-up over `three-pass` per sequence length (one table per
    /// head_dim when several), matching cases on every other parameter. attnbench's own
    /// algorithms only; other implementations have their own section.
    static func speedupSections(_ run: RunRecord) -> [String] {
        let timed = run.cases.filter { medianNs($0) != nil && $0.parameters.isBuiltIn }
        let algorithms = orderedUnique(timed.map(\.parameters.algorithm)).filter { $0 != referenceAlgorithm }
        guard timed.contains(where: { $0.parameters.algorithm == referenceAlgorithm }), !algorithms.isEmpty else {
            return []
        }
        let ignored: [CaseDimension] = [.algorithm, .tile, .effectiveTile, .gqaPacking, .seed, .seqLen, .headDim]
        // Keep the cases that have a three-pass case to compare with, then label rows by
        // what still varies among those.
        let matchKeys = CaseDimension.varying(in: timed).filter { !ignored.contains($0) } + [.seqLen, .headDim]
        func matchKey(_ r: CaseRecord) -> String { matchKeys.map { $0.value(r) }.joined(separator: "\u{1F}") }
        let withReference = Set(timed.filter { $0.parameters.algorithm == referenceAlgorithm }.map(matchKey))
        let cases = timed.filter { withReference.contains(matchKey($0)) }
        let rowKeys = CaseDimension.varying(in: cases).filter { !ignored.contains($0) }
        let headDims = orderedUnique(cases.map(\.parameters.headDim)).sorted()
        var text = "## Speed-up over three-pass\n\n"
        text += "Median time of `three-pass` divided by the algorithm's, for cases equal in every other parameter "
        text += "(above 1×: faster than three-pass).\n"
        for headDim in headDims {
            let subset = cases.filter { $0.parameters.headDim == headDim }
            var rows: [String: (seqLen: Int, label: String, times: [String: Double])] = [:]
            for record in subset {
                let label = CaseDimension.label(record, rowKeys)
                let key = "\(record.parameters.seqLen)|\(rowKeys.isEmpty ? "" : label)"
                var row = rows[key] ?? (record.parameters.seqLen, rowKeys.isEmpty ? "" : label, [:])
                row.times[record.parameters.algorithm] = medianNs(record)
                rows[key] = row
            }
            let sorted = rows.values.filter { $0.times[referenceAlgorithm] != nil }
                .sorted { ($0.seqLen, $0.label) < ($1.seqLen, $1.label) }
            guard !sorted.isEmpty else { continue }
            let labelColumn = rowKeys.isEmpty ? [] : [rowKeys.map(\.name).joined(separator: ", ")]
            let header = ["seq_len"] + labelColumn + ["three-pass time"] + algorithms
            let textColumns: Set<Int> = labelColumn.isEmpty ? [] : [1]
            var table = MarkdownTable(header: header, rightAligned: Set(header.indices).subtracting(textColumns))
            for row in sorted {
                let reference = row.times[referenceAlgorithm] ?? .nan
                let cells = algorithms.map { a in row.times[a].map { HumanFormat.factor(reference / $0) } ?? "–" }
                table.add(
                    [String(row.seqLen)] + (labelColumn.isEmpty ? [] : [row.label])
                        + [HumanFormat.duration(ns: reference)] + cells)
            }
            if headDims.count > 1 { text += "\n### head_dim = \(headDim)\n" }
            text += "\n" + table.render()
        }
        return [text]
    }

    /// GQA and MQA cases against the MHA case equal in every other parameter.
    static func headLayoutSection(_ run: RunRecord) -> String? {
        let cases = run.cases.filter { medianNs($0) != nil }
        let grouped = cases.filter { $0.layout != "mha" }
        let ignored: [CaseDimension] = [.layout, .kvHeads, .gqaPacking, .effectiveTile, .seed]
        let keyDims = CaseDimension.all.filter { !ignored.contains($0) }
        func key(_ r: CaseRecord) -> String { keyDims.map { $0.value(r) }.joined(separator: "|") }
        var mha: [String: CaseRecord] = [:]
        for r in cases where r.layout == "mha" && mha[key(r)] == nil { mha[key(r)] = r }
        let pairs = grouped.compactMap { r in mha[key(r)].map { (r, $0) } }
        guard !pairs.isEmpty else { return nil }
        let labelDims = CaseDimension.varying(in: pairs.flatMap { [$0.0, $0.1] }).filter { !ignored.contains($0) }
        var table = MarkdownTable(
            header: [
                "case", "layout", "kv_heads", "time", "MHA time", "speed-up",
                "KV cache MB (MHA)", "HBM MB (MHA)"
            ], rightAligned: [2, 3, 4, 5, 6, 7])
        for (g, m) in pairs {
            let t = medianNs(g) ?? .nan, tm = medianNs(m) ?? .nan
            let kv =
                g.traffic.map { t in
                    "\(HumanFormat.megabytes(Double(t.kvCacheBytes))) (\(m.traffic.map { HumanFormat.megabytes(Double($0.kvCacheBytes)) } ?? "–"))"
                } ?? "–"
            let hbm =
                g.traffic.map { t in
                    "\(HumanFormat.megabytes(Double(t.hbmReadBytes) + Double(t.hbmWriteBytes))) (\(m.traffic.map { HumanFormat.megabytes(Double($0.hbmReadBytes) + Double($0.hbmWriteBytes)) } ?? "–"))"
                } ?? "–"
            let packing = g.parameters.gqaPacking ? "" : ", unpacked"
            table.add([
                CaseDimension.label(g, labelDims.filter { $0 != .layout }), g.layout + packing,
                String(g.parameters.kvHeads), HumanFormat.duration(ns: t), HumanFormat.duration(ns: tm),
                HumanFormat.factor(tm / t), kv, hbm
            ])
        }
        return "## GQA and MQA against MHA\n\nEach grouped-query case next to the MHA case equal in every other "
            + "parameter (speed-up above 1×: faster than MHA).\n\n" + table.render()
    }

    /// FP8 error per format × scaling × incoherent processing, with fp32 for reference.
    static func fp8Section(_ run: RunRecord) -> String? {
        let cases = run.cases.filter { $0.status == .ok && $0.accuracy != nil }
        guard cases.contains(where: { $0.parameters.precision.hasPrefix("fp8") }) else { return nil }
        var groups: [String: [CaseRecord]] = [:]
        var order: [String] = []
        for r in cases {
            let p = r.parameters
            let key = p.precision == "fp32" ? "fp32" : "\(p.precision)|\(p.scaling)|\(p.incoherent)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        var table = MarkdownTable(
            header: [
                "precision", "scaling", "incoherent", "cases", "RMSE (median)",
                "max abs error (worst)", "rel. Frobenius (median)"
            ], rightAligned: [3, 4, 5, 6])
        for key in order.sorted() {
            let rs = groups[key] ?? []
            guard let p = rs.first?.parameters else { continue }
            let acc = rs.compactMap(\.accuracy)
            let isFP32 = p.precision == "fp32"
            table.add([
                p.precision, isFP32 ? "–" : p.scaling, isFP32 ? "–" : (p.incoherent ? "yes" : "no"), String(rs.count),
                HumanFormat.number(Quantile.median(acc.map(\.rmse))),
                HumanFormat.number(acc.map(\.maxAbsError).max() ?? .nan),
                HumanFormat.number(Quantile.median(acc.map(\.relativeFrobenius)))
            ])
        }
        return
            "## FP8 error\n\nError of the output against the float64 reference on unquantized inputs, per FP8 format, "
            + "scaling granularity and incoherent processing (over all cases of each combination).\n\n" + table.render()
    }

    static func orderedUnique<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}

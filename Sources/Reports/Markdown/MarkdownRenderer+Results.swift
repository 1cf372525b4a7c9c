import Harness

extension MarkdownRenderer {
    /// Columns always shown in the results table (when the run has the data).
    static let primaryDimensions: [CaseDimension] = [
        .algorithm, .layout, .seqLen, .headDim, .causal, .precision,
        .effectiveTile
    ]

    /// One row per case: the short parameter columns, any other parameter that varies in
    /// this run, then median time ±CI, GFLOP/s, modeled HBM MB, KV GB/s (when the run
    /// has decoding cases) and max error.
    static func resultsSection(_ run: RunRecord) -> String {
        guard !run.cases.isEmpty else { return "## Results: \(run.suite.name)\n\nNo cases finished.\n" }
        let varying = CaseDimension.varying(in: run.cases)
        let extra = varying.filter {
            !primaryDimensions.contains($0) && $0 != .seed && $0 != .tile && $0 != .implementation
        }
        let dims = (varying.contains(.implementation) ? [.implementation] : []) + primaryDimensions + extra
        let tiled = Set((run.providers ?? []).filter { $0.capabilities?.tiles == true }.map(\.name))
        let showsKV = run.cases.contains(where: isDecoding)
        let header =
            dims.map { $0 == .effectiveTile ? "tile" : $0.name }
            + ["median time (±95% CI)", "GFLOP/s", "HBM MB"] + (showsKV ? ["KV GB/s"] : []) + ["max error"]
        let numeric = Set(dims.count..<header.count)
        var table = MarkdownTable(header: header, rightAligned: numeric)
        for record in run.cases {
            let fp8Only: [CaseDimension] = [.scaling, .incoherent]
            let p = record.parameters
            let cells = dims.map { d in
                if p.precision == "fp32" && fp8Only.contains(d) { return "–" }
                // A provider picks its own tiles unless it says it takes them.
                if d == .effectiveTile && !p.isBuiltIn && !tiled.contains(p.implementation) { return "–" }
                return d.value(record)
            }
            guard record.status == .ok else {
                table.add(cells + [record.status.rawValue, "–", "–"] + (showsKV ? ["–"] : []) + ["–"])
                continue
            }
            let hbm = record.traffic.map { Double($0.hbmReadBytes) + Double($0.hbmWriteBytes) }
            let kv = showsKV ? [MarkdownText.optional(kvGBs(record), HumanFormat.number)] : []
            table.add(
                cells + [
                    MarkdownText.timeWithCI(record.statistics["wall_ns"]),
                    MarkdownText.optional(record.derived.gflops, HumanFormat.number),
                    // Providers have no traffic model.
                    p.isBuiltIn ? MarkdownText.optional(hbm, HumanFormat.megabytes) : "n/a"
                ] + kv + [MarkdownText.optional(record.accuracy?.maxAbsError, HumanFormat.number)])
        }
        var text = "## Results: \(run.suite.name)\n\n"
        text += "\(run.cases.count) case\(run.cases.count == 1 ? "" : "s"). Time: median wall time per call with the "
        text +=
            "half-width of its 95% bootstrap interval. HBM MB: modeled main-memory reads + writes per call (10⁶ bytes). "
        if showsKV {
            text += "KV GB/s: bytes of the K/V cache (storage precision) per median time, the figure of merit of "
            text += "decoding, which reads the whole cache for a few query rows. "
        }
        text += "Max error: largest absolute difference from the float64 reference."
        if run.cases.contains(where: { !$0.parameters.isBuiltIn }) {
            text += " Other implementations (providers) have no traffic model (n/a) and choose their own tiles (–)."
        }
        text += "\n\n"
        return text + table.render()
    }

    /// A case with fewer query rows than keys: a decode step (or a chunk of one) reading a K/V cache.
    static func isDecoding(_ record: CaseRecord) -> Bool {
        record.parameters.seqLen < record.parameters.kvLen
    }

    /// K/V cache bytes per second of median time, in GB/s (10⁹ bytes/s).
    static func kvGBs(_ record: CaseRecord) -> Double? {
        guard let t = medianNs(record), t > 0, let traffic = record.traffic else { return nil }
        return Double(traffic.kvCacheBytes) / t
    }

    /// Median wall time of an ok case.
    static func medianNs(_ record: CaseRecord) -> Double? {
        record.status == .ok ? record.statistics["wall_ns"]?.median : nil
    }
}

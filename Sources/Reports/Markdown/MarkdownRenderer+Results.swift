import Harness

extension MarkdownRenderer {
    /// Columns always shown in the results table (when the run has the data).
    static let primaryDimensions: [CaseDimension] = [.algorithm, .layout, .seqLen, .headDim, .causal, .precision,
                                                      .effectiveTile]

    /// One row per case: the short parameter columns, any other parameter that varies in
    /// this run, then median time ±CI, GFLOP/s, modeled HBM MB and max error.
    static func resultsSection(_ run: RunRecord) -> String {
        guard !run.cases.isEmpty else { return "## Results: \(run.suite.name)\n\nNo cases finished.\n" }
        let extra = CaseDimension.varying(in: run.cases).filter {
            !primaryDimensions.contains($0) && $0 != .seed && $0 != .tile
        }
        let dims = primaryDimensions + extra
        let header = dims.map { $0 == .effectiveTile ? "tile" : $0.name }
            + ["median time (±95% CI)", "GFLOP/s", "HBM MB", "max error"]
        let numeric = Set(dims.count..<header.count)
        var table = MarkdownTable(header: header, rightAligned: numeric)
        for record in run.cases {
            let fp8Only: [CaseDimension] = [.scaling, .incoherent]
            let cells = dims.map { d in
                record.parameters.precision == "fp32" && fp8Only.contains(d) ? "–" : d.value(record)
            }
            guard record.status == .ok else {
                table.add(cells + ["failed", "–", "–", "–"])
                continue
            }
            let hbm = record.traffic.map { Double($0.hbmReadBytes) + Double($0.hbmWriteBytes) }
            table.add(cells + [
                MarkdownText.timeWithCI(record.statistics["wall_ns"]),
                MarkdownText.optional(record.derived.gflops, HumanFormat.number),
                MarkdownText.optional(hbm, HumanFormat.megabytes),
                MarkdownText.optional(record.accuracy?.maxAbsError, HumanFormat.number),
            ])
        }
        var text = "## Results: \(run.suite.name)\n\n"
        text += "\(run.cases.count) case\(run.cases.count == 1 ? "" : "s"). Time: median wall time per call with the "
        text += "half-width of its 95% bootstrap interval. HBM MB: modeled main-memory reads + writes per call (10⁶ bytes). "
        text += "Max error: largest absolute difference from the float64 reference.\n\n"
        return text + table.render()
    }

    /// Median wall time of an ok case.
    static func medianNs(_ record: CaseRecord) -> Double? {
        record.status == .ok ? record.statistics["wall_ns"]?.median : nil
    }
}

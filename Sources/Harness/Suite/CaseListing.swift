import Foundation

/// Renders a suite's expanded cases as the plain-text table `attnbench list` prints:
/// one row per case with its estimated cost, then the totals.
public enum CaseListing {
    /// The table for `cases` measured as `measure` says, with costs from `model`.
    public static func render(_ cases: [SuiteCase], measure: MeasureSpec, model: CaseCostModel = CaseCostModel())
        -> String
    {
        let costs = cases.map { model.cost(of: $0, measure: measure) }
        let header = ["#", "case", "layout", "GFLOP", "HBM MB", "ms/call", "samples", "est. s"]
        let rows = zip(cases.indices, zip(cases, costs)).map { i, pair -> [String] in
            let (c, cost) = pair
            return [
                "\(i + 1)", c.id, c.layout.name, gflop(cost.nominalFlops), megabytes(cost.hbmBytes),
                String(format: "%.3f", cost.secondsPerCall * 1e3), "\(cost.expectedSamples)",
                String(format: "%.2f", cost.estimatedSeconds)
            ]
        }
        let totalSeconds = costs.reduce(0) { $0 + $1.estimatedSeconds }
        let total = [
            "", "total (\(cases.count) cases)", "", gflop(costs.reduce(0) { $0 + $1.nominalFlops }),
            megabytes(costs.reduce(0) { $0 + $1.hbmBytes }), "", "", String(format: "%.1f", totalSeconds)
        ]
        // Text columns (case, layout) align left, numbers right.
        let table = TextTable(header: header, rows: rows, footer: [total], leftAligned: [1, 2])
        let note = String(
            format: "Estimates per call: max(FLOPs / (%.0f GFLOP/s x threads), HBM bytes / %.0f GB/s); "
                + "samples per the suite's measure block (warmup %d, %d-%d samples, min_time %gs), each "
                + "at least %g s (short calls are batched); per case also one untimed call, the float64 "
                + "reference and about %g s of overhead.",
            model.flopsPerSecondPerThread / 1e9, model.bytesPerSecond / 1e9,
            measure.warmup, measure.minSamples, measure.maxSamples, measure.minTime,
            model.minSampleTime, model.overheadSeconds)
        let invocations =
            measure.invocations > 1
            ? String(
                format: " The suite runs as %d invocations (measure.invocations): about %.0f s in all.",
                measure.invocations, totalSeconds * Double(measure.invocations))
            : ""
        return table.render() + "\n\n" + note + invocations + "\n"
    }

    private static func gflop(_ flops: Int) -> String { String(format: "%.3f", Double(flops) / 1e9) }
    private static func megabytes(_ bytes: Int) -> String { String(format: "%.2f", Double(bytes) / 1e6) }
}

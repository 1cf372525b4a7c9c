import Harness

/// fleet.md: the machines (fingerprints and their typical speed against the reference),
/// then one row per case with a group of columns per machine — median time, GFLOP/s, % of
/// that machine's measured peak, speed relative to the reference — and the charts.
public struct FleetMarkdownRenderer: Sendable {
    public static let fileName = "fleet.md"

    public init() {}

    public func render(_ fleet: FleetReport, charts: [ChartFile]) -> String {
        let suites = MarkdownRenderer.orderedUnique(fleet.machines.map(\.suite.name))
        var text = "# attnbench fleet report: \(suites.joined(separator: ", "))\n\n"
        text += "\(fleet.machines.count) machine\(fleet.machines.count == 1 ? "" : "s"), \(fleet.rows.count) cases. "
        text += "Reference machine: **\(fleet.reference.host)**; \"vs \(fleet.reference.host)\" is its median time "
        text += "divided by the machine's (above 1×: faster than the reference). % peak: achieved GFLOP/s over the "
        text += "machine's measured one-core FMA peak times the case's threads.\n"
        for w in fleet.warnings { text += "\n> **Note**: \(w)\n" }
        text += "\n" + machinesSection(fleet) + "\n" + resultsSection(fleet)
        if !charts.isEmpty {
            text += "\n## Charts\n\n" + charts.map { "![\($0.title)](\($0.name))\n" }.joined(separator: "\n")
        }
        return text
    }

    func machinesSection(_ fleet: FleetReport) -> String {
        var table = MarkdownTable(
            header: MarkdownRenderer.fingerprintHeader + [
                "cases", "missing",
                "typical speed vs \(fleet.reference.host)"
            ],
            rightAligned: [2, 8, 9, 10])
        for (i, m) in fleet.machines.enumerated() {
            let typical: String
            if i == fleet.referenceIndex {
                typical = "reference"
            } else if let t = fleet.typicalSpeed(of: i) {
                typical = "\(HumanFormat.factor(t.factor)) (geometric mean of \(t.cases))"
            } else {
                typical = "–"
            }
            table.add(
                MarkdownRenderer.fingerprintCells(m.environment)
                    + [String(m.cases.count), String(fleet.missingCount(of: i)), typical])
        }
        return "## Machines\n\n" + table.render()
    }

    func resultsSection(_ fleet: FleetReport) -> String {
        let examples = fleet.rows.map(\.example)
        let dims = CaseDimension.varying(in: examples).filter { ![CaseDimension.seed, .host, .tile].contains($0) }
        let labelHeader = dims.isEmpty ? ["case"] : dims.map { $0 == .effectiveTile ? "tile" : $0.name }
        var header = labelHeader
        for (i, m) in fleet.machines.enumerated() {
            header += ["\(m.host) time", "\(m.host) GFLOP/s", "\(m.host) % peak"]
            if i != fleet.referenceIndex { header.append("\(m.host) vs \(fleet.reference.host)") }
        }
        var table = MarkdownTable(header: header, rightAligned: Set(labelHeader.count..<header.count))
        for row in fleet.rows {
            var cells = dims.isEmpty ? [MarkdownText.code(row.id)] : dims.map { $0.value(row.example) }
            for (i, cell) in row.cells.enumerated() {
                let withRatio = i != fleet.referenceIndex
                guard let cell else {
                    cells += ["missing", "–", "–"] + (withRatio ? ["–"] : [])
                    continue
                }
                guard cell.record.status == .ok else {
                    cells += ["failed", "–", "–"] + (withRatio ? ["–"] : [])
                    continue
                }
                cells += [
                    MarkdownText.timeWithCI(cell.record.statistics["wall_ns"]),
                    MarkdownText.optional(cell.gflops, HumanFormat.number),
                    MarkdownText.optional(cell.percentOfPeak) { HumanFormat.number($0) + "%" }
                ]
                if withRatio { cells.append(MarkdownText.optional(cell.speedVersusReference, HumanFormat.factor)) }
            }
            table.add(cells)
        }
        return
            "## Results\n\nOne row per case of any machine; a machine that did not run a case shows it as missing.\n\n"
            + table.render()
    }
}

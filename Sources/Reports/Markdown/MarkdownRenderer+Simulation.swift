import Counters
import Harness

/// report.md's account of simulated counters: where they came from, the counts per case,
/// derived metrics with their source, and — with SRAM as the last level — the simulated
/// "HBM" bytes beside the memory model's.
extension MarkdownRenderer {
    /// `callgrind (valgrind-3.19.0), build …, caches …`, or why nothing was simulated.
    static func simulationSummary(_ sim: SimulationSource) -> String {
        if let reason = sim.unavailableReason { return "requested, not available: \(reason)" }
        var parts = ["\(sim.tool) (\(sim.valgrindVersion ?? "Valgrind"))"]
        if let build = sim.build { parts.append(build) }
        if let digest = sim.binaryDigest { parts.append("sha256 \(MarkdownText.code(String(digest.prefix(12))))") }
        parts.append("caches: " + (sim.geometry.map(\.description) ?? sim.cacheSetting))
        parts.append("one call per case on \(sim.threads) thread, collected around the kernel call only")
        return parts.joined(separator: "; ")
    }

    /// The simulated counters section; nil when the run simulated nothing.
    static func simulationSection(_ run: RunRecord) -> String? {
        let simulated = run.cases.filter { $0.simulation != nil }
        guard let source = run.simulation, !simulated.isEmpty else { return nil }
        let events = run.counters.requested.filter {
            SimulatedEvent.isSimulated($0) && run.counters.collected.contains($0)
        }
        var text = "## Simulated counters\n\n"
        text += "Counted by Valgrind's \(source.tool) in the simulation build, for one kernel call per case started "
        text += "with empty caches (\(simulationSummary(source))). Counts are exact: the same build and case give the "
        text += "same numbers on any x86-64 machine, loaded or idle.\n\n"
        let labelDims = CaseDimension.varying(in: simulated).filter { $0 != .seed }
        var table = MarkdownTable(
            header: ["case"] + events + [
                "instructions/FLOP", "L1 miss rate", "LL miss rate",
                "branch miss rate"
            ],
            rightAligned: Set(1...(events.count + 4)))
        for record in simulated {
            var cells = [CaseDimension.label(record, labelDims, compact: true)]
            cells += events.map { name in record.statistics[name].map { HumanFormat.number($0.median) } ?? "–" }
            let d = record.derived
            cells += [d.instructionsPerFlop, d.l1MissRate, d.llMissRate, d.branchMissRate].map { value in
                MarkdownText.optional(value, HumanFormat.number)
            }
            table.add(cells)
        }
        text += table.render()
        let sources = Set(simulated.flatMap { ($0.derived.sources ?? [:]).map { "\($0.key): \($0.value)" } }).sorted()
        if !sources.isEmpty {
            text +=
                "\nDerived metrics by source (`papi`: hardware counters, `sim`: simulated events): "
                + sources.joined(separator: ", ") + ".\n"
        }
        if let sram = sramSection(simulated, labelDims: labelDims) { text += "\n" + sram }
        return text
    }

    /// Modeled against simulated HBM bytes, for runs with SRAM as the last level.
    static func sramSection(_ cases: [CaseRecord], labelDims: [CaseDimension]) -> String? {
        let rows = cases.filter { $0.simulation?.hbmBytes != nil }
        guard !rows.isEmpty else { return nil }
        var table = MarkdownTable(
            header: ["case", "SRAM", "tile", "modeled HBM MB", "simulated HBM MB", "simulated / modeled"],
            rightAligned: [3, 4, 5])
        for record in rows {
            let modeled = record.traffic.map { Double($0.hbmReadBytes + $0.hbmWriteBytes) }
            table.add([
                CaseDimension.label(record, labelDims, compact: true),
                record.parameters.sramBytes.map { HumanFormat.binaryBytes($0) } ?? "–",
                record.parameters.effectiveTile,
                MarkdownText.optional(modeled, HumanFormat.megabytes),
                MarkdownText.optional(record.simulation?.hbmBytes.map(Double.init), HumanFormat.megabytes),
                MarkdownText.optional(record.simulation?.hbmRatio, HumanFormat.number)
            ])
        }
        var text = "### Modeled vs simulated HBM traffic (SRAM as the last level)\n\n"
        text +=
            "Simulated: data lines that missed a last-level cache the size of the case's SRAM, (DLmr + DLmw) × line "
        text +=
            "size. Modeled: the traffic ledger's HBM reads + writes. docs/memory-model.md explains where they differ.\n\n"
        return text + table.render()
    }
}

import Foundation
import Harness

/// Runs of one suite on several machines, side by side: per case, each machine's median
/// time, GFLOP/s, share of that machine's measured peak, and speed relative to a reference
/// machine. Cases a machine did not measure are kept as missing, not dropped.
///
/// ```swift
/// let fleet = try FleetReport(runs: [(path, record), …], reference: "node1")
/// try FleetWriter.write(fleet, to: directory)
/// ```
public struct FleetReport: Sendable {
    /// One case of the union of all machines' cases.
    public struct Row: Sendable {
        public var id: String
        /// The case as the first machine that has it recorded it (for its parameters).
        public var example: CaseRecord
        /// One cell per machine, in `machines` order; nil where the machine lacks the case.
        public var cells: [Cell?]
    }

    /// One machine's measurement of one case.
    public struct Cell: Sendable {
        public var record: CaseRecord
        /// Median wall time per call, ns (nil for a failed case).
        public var medianNs: Double?
        public var gflops: Double?
        /// Achieved GFLOP/s over the machine's measured one-core FMA peak times the case's
        /// threads (at most the machine's cores), in percent.
        public var percentOfPeak: Double?
        /// The reference machine's median time over this machine's: above 1, this machine
        /// is faster.
        public var speedVersusReference: Double?
    }

    public var machines: [MachineRun]
    /// Index into `machines` of the machine the ratios are relative to.
    public var referenceIndex: Int
    public var rows: [Row]
    /// Things a reader must know before trusting a comparison (different suites, builds,
    /// debug builds, missing peaks, differing deterministic metrics), one line each.
    public var warnings: [String]

    public var reference: MachineRun { machines[referenceIndex] }

    /// Builds the report from runs (paths as given, for messages) with `reference` naming
    /// a host (default: the first run's host).
    public init(runs: [(source: String, record: RunRecord)], reference: String? = nil) throws(FleetError) {
        let machines = try MachineRun.split(runs)
        guard !machines.isEmpty else { throw FleetError.noRuns }
        let referenceIndex: Int
        if let reference {
            guard let i = machines.firstIndex(where: { $0.host == reference }) else {
                throw FleetError.unknownReference(reference, hosts: machines.map(\.host))
            }
            referenceIndex = i
        } else {
            referenceIndex = 0
        }
        var order: [String] = []
        var examples: [String: CaseRecord] = [:]
        for m in [machines[referenceIndex]] + machines {
            for c in m.cases where examples[c.id] == nil {
                examples[c.id] = c
                order.append(c.id)
            }
        }
        let byID = machines.map { m in Dictionary(m.cases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }
        self.machines = machines
        self.referenceIndex = referenceIndex
        self.rows = order.compactMap { id in
            guard let example = examples[id] else { return nil }
            let referenceTime = byID[referenceIndex][id].flatMap(Self.medianNs)
            let cells = machines.indices.map { i in
                byID[i][id].map { Self.cell($0, machine: machines[i], referenceTime: referenceTime) }
            }
            return Row(id: id, example: example, cells: cells)
        }
        self.warnings = FleetReport.warnings(machines: machines, runs: runs.map(\.record), rows: rows)
    }

    static func medianNs(_ c: CaseRecord) -> Double? {
        c.status == .ok ? c.statistics["wall_ns"]?.median : nil
    }

    static func cell(_ c: CaseRecord, machine: MachineRun, referenceTime: Double?) -> Cell {
        let median = medianNs(c)
        let gflops = c.status == .ok ? c.derived.gflops : nil
        let cores = Double(max(1, min(c.parameters.threads, machine.environment.logicalCores)))
        let percent =
            zip(gflops, machine.environment.hostProfile).map { g, p in
                p.peakFlops > 0 ? g / (p.peakFlops / 1e9 * cores) * 100 : nil
            } ?? nil
        let ratio = zip(referenceTime, median).map { r, m in m > 0 ? r / m : nil } ?? nil
        return Cell(record: c, medianNs: median, gflops: gflops, percentOfPeak: percent, speedVersusReference: ratio)
    }

    /// Geometric mean of `speedVersusReference` over the cases both a machine and the
    /// reference measured, with their count.
    public func typicalSpeed(of machine: Int) -> (factor: Double, cases: Int)? {
        let ratios = rows.compactMap { $0.cells[machine]?.speedVersusReference }.filter { $0 > 0 && $0.isFinite }
        guard !ratios.isEmpty else { return nil }
        let logMean = ratios.map { log($0) }.reduce(0, +) / Double(ratios.count)
        return (exp(logMean), ratios.count)
    }

    /// Cases of the union that `machine` lacks.
    public func missingCount(of machine: Int) -> Int { rows.filter { $0.cells[machine] == nil }.count }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

import Counters
import Harness
import TestFixtures
import XCTest

@testable import Reports

/// Simulated counters in comparisons and reports: gated by default with a tolerance, a
/// differential profile naming the functions that changed, and the report's tables, columns
/// and chart.
final class SimulatedCountersReportTests: XCTestCase {
    /// A case simulated with `ir` instructions, of which `extra` in a calibration loop.
    static func simulatedCase(_ spec: Fixture.Spec, ir: Int64, extra: Int64 = 0, hbmBytes: Int? = nil) -> CaseRecord {
        var record = Fixture.caseRecord(spec, wallNs: [1000, 1010, 990, 1005, 995])
        record.statistics["sim::Ir"] = Summary(samples: [Double(ir)])
        record.statistics["sim::LLmr"] = Summary(samples: [500])
        var functions = [
            SimulatedFunction(name: "valueTile(pT:ldp:)", object: "attnbench", ir: ir / 2 - extra),
            SimulatedFunction(
                name: "closure #1 in AttentionPlan.run(_:into:observer:recorder:)",
                object: "attnbench", ir: ir / 2),
            SimulatedFunction(name: "__memset_avx2_unaligned_erms", object: "libc.so.6", ir: 40)
        ]
        if extra > 0 {
            functions.append(
                SimulatedFunction(
                    name: "SimulationCalibration.extraWork(iterations:)", object: "attnbench", ir: extra * 2))
        }
        var sim = CaseSimulation(
            geometry: nil, totals: ["Ir": ir, "ILmr": 10, "DLmr": 490, "DLmw": 100], functions: functions)
        sim.hbmBytes = hbmBytes
        if let hbmBytes, let t = record.traffic {
            sim.hbmRatio = Double(hbmBytes) / Double(t.hbmReadBytes + t.hbmWriteBytes)
        }
        record.simulation = sim
        return record
    }

    static func run(_ cases: [CaseRecord], unavailable: String? = nil, checks: [String: CheckSpec] = Fixture.checks)
        -> RunRecord
    {
        let events = ["sim::Ir", "sim::LLmr"]
        let counters =
            unavailable.map { reason in
                CounterAvailability(requested: events, unavailable: events.map { .init(event: $0, reason: reason) })
            } ?? CounterAvailability(requested: events, collected: events)
        var r = Fixture.run(cases, checks: checks, counters: counters)
        r.simulation = SimulationSource(
            valgrindVersion: "valgrind-3.19.0", cacheSetting: "I1=32KiB/8/64,D1=32KiB/8/64,LL=64KiB/8/64",
            unavailableReason: unavailable)
        return r
    }

    let specs = [Fixture.Spec(algorithm: "flash", seqLen: 256), Fixture.Spec(algorithm: "three-pass", seqLen: 256)]

    func testSimulatedCountsGateWithAOnePercentToleranceByDefault() throws {
        let base = Self.run(specs.map { Self.simulatedCase($0, ir: 1_000_000) })
        let same = Self.run(specs.map { Self.simulatedCase($0, ir: 1_000_000) })
        let aa = Comparison(base: base, current: same, options: ComparisonOptions(timingGates: false))
        XCTAssertEqual(aa.exitStatus, 0, aa.summaryLine)
        let irChecks = aa.cases.flatMap(\.checks).filter { $0.check == "sim::Ir" }
        XCTAssertEqual(irChecks.count, 2, "every case checks sim::Ir without the suite naming it")
        XCTAssertTrue(
            irChecks.allSatisfy {
                $0.outcome == .passed && $0.baseValue == $0.currentValue && $0.rule == "tolerance 1%"
            })
        XCTAssertTrue(aa.cases.allSatisfy { $0.functionChanges == nil }, "nothing changed, nothing to explain")

        let within = Self.run([Self.simulatedCase(specs[0], ir: 1_009_000), Self.simulatedCase(specs[1], ir: 1_000_000)]
        )
        XCTAssertEqual(
            Comparison(base: base, current: within, options: ComparisonOptions(timingGates: false)).exitStatus, 0)

        let slower = Self.run([
            Self.simulatedCase(specs[0], ir: 1_020_000, extra: 10_000), Self.simulatedCase(specs[1], ir: 1_000_000)
        ])
        let c = Comparison(base: base, current: slower, options: ComparisonOptions(timingGates: false))
        XCTAssertEqual(c.exitStatus, 1)
        XCTAssertEqual(c.casesWithFailedChecks.map(\.id), [specs[0].id])
        let failure = try XCTUnwrap(c.casesWithFailedChecks.first?.failedChecks.first)
        XCTAssertEqual(failure.check, "sim::Ir")
        XCTAssertTrue(failure.message.contains("beyond the tolerance 1%"), failure.message)
        // The differential profile names the calibration loop first.
        let changes = try XCTUnwrap(c.cases.first { $0.id == specs[0].id }?.functionChanges)
        XCTAssertEqual(changes.first?.name, "SimulationCalibration.extraWork(iterations:)")
        XCTAssertEqual(changes.first?.change, 20_000)
        let md = try ComparisonMarkdownRenderer(includeChart: false).render(c)
        XCTAssertTrue(md.contains("Where the instructions changed"), md)
        XCTAssertTrue(md.contains("`SimulationCalibration.extraWork(iterations:)`"), md)
    }

    func testFunctionsThatOnlyFellOffAFullListAreNotReportedAsChanged() throws {
        func record(_ functions: [SimulatedFunction], ir: Int64) -> CaseRecord {
            var r = Self.simulatedCase(specs[0], ir: ir)
            r.simulation?.functions = functions
            return r
        }
        let kept = (0..<SimulatedFunction.kept).map {
            SimulatedFunction(name: "f\($0)", object: "attnbench", ir: Int64(1000 - $0 * 10))
        }
        let base = record(kept, ir: 1_000_000)
        // A new expensive function pushes the cheapest one (f11, 890) off the current list.
        let pushed = [SimulatedFunction(name: "extra", object: "attnbench", ir: 50_000)] + kept.dropLast()
        let changes = try XCTUnwrap(
            SimulatedChecks.functionChanges(base: base, current: record(Array(pushed), ir: 1_050_000)))
        XCTAssertEqual(changes.map(\.name), ["extra"], "f11 may still run 890 times below the current list")
        XCTAssertEqual(changes.first?.baseIr, 0)
        XCTAssertEqual(changes.first?.currentIr, 50_000)
    }

    func testTheSuiteSetsTheToleranceAndMissingCountsFail() {
        let base = Self.run(specs.map { Self.simulatedCase($0, ir: 1_000_000) })
        var loose = Fixture.checks
        loose["sim::*"] = CheckSpec(tolerance: 0.05)
        let slower = Self.run(specs.map { Self.simulatedCase($0, ir: 1_030_000) }, checks: loose)
        XCTAssertEqual(
            Comparison(base: base, current: slower, options: ComparisonOptions(timingGates: false)).exitStatus, 0,
            "3 % is within the suite's 5 %")
        var exact = Fixture.checks
        exact["sim::Ir"] = CheckSpec(exact: true)
        let oneMore = Self.run(specs.map { Self.simulatedCase($0, ir: 1_000_001) }, checks: exact)
        XCTAssertEqual(
            Comparison(base: base, current: oneMore, options: ComparisonOptions(timingGates: false)).exitStatus, 1)

        // No Valgrind on the current runner: the gate fails instead of silently passing.
        var missing = specs.map { Fixture.caseRecord($0, wallNs: [1000, 1010, 990]) }
        missing = missing.map {
            var r = $0; r.simulation = nil; return r
        }
        let current = Self.run(missing, unavailable: "Valgrind is not installed")
        let c = Comparison(base: base, current: current, options: ComparisonOptions(timingGates: false))
        XCTAssertEqual(c.exitStatus, 1)
        XCTAssertTrue(c.casesWithFailedChecks.first?.failedChecks.contains { $0.check == "sim::Ir" } ?? false)
        XCTAssertTrue(c.warnings.contains(.simulationUnavailable(reason: "Valgrind is not installed")), "\(c.warnings)")
    }

    func testReportShowsCountsSourcesAndModeledAgainstSimulatedBytes() throws {
        var cases = specs.map { Self.simulatedCase($0, ir: 2_000_000, hbmBytes: 123_456) }
        for i in cases.indices {
            CounterDerivation.apply(
                to: &cases[i].derived, statistics: cases[i].statistics, simulation: cases[i].simulation,
                flops: cases[i].traffic?.flops)
        }
        let run = Self.run(cases)
        let md = try MarkdownRenderer().render(run)
        XCTAssertTrue(md.contains("## Simulated counters"), md)
        XCTAssertTrue(md.contains("| 2000000 | 500 |"), md)
        XCTAssertTrue(md.contains("Modeled vs simulated HBM traffic"), md)
        XCTAssertTrue(md.contains("instructions_per_flop: sim"), md)
        XCTAssertTrue(md.contains("![Modeled vs simulated HBM traffic"), md)
        XCTAssertNotNil(RunCharts.simulatedTrafficChart(run))

        let csv = try CSVRenderer().render(run)
        let table = try CSVReader.table(csv)
        XCTAssertEqual(table.value("counter:sim::Ir", row: 0), "2000000.0")
        XCTAssertEqual(table.value("sim_hbm_bytes", row: 0), "123456")
        XCTAssertTrue(table.value("derived_sources", row: 0)?.contains("instructions_per_flop=sim") ?? false)

        // Unavailable: empty, never zero, and the reason in the report.
        let none = Self.run(
            specs.map { Fixture.caseRecord($0, wallNs: [1000, 1010, 990]) }, unavailable: "Valgrind is not installed")
        let noneTable = try CSVReader.table(try CSVRenderer().render(none))
        XCTAssertEqual(noneTable.value("counter:sim::Ir", row: 0), "")
        XCTAssertEqual(noneTable.value("sim_hbm_bytes", row: 0), "")
        XCTAssertTrue(try MarkdownRenderer().render(none).contains("Valgrind is not installed"))
    }
}

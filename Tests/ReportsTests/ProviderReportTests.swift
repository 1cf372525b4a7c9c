import Harness
import TestFixtures
import XCTest

@testable import Reports

/// Reports of runs with other implementations: skipped and failed cases at the top, the
/// implementations table with ratios to the reference, the chart, CSV and comparison.
final class ProviderReportTests: XCTestCase {
    func testMarkdownListsSkippedAndFailedFirstAndComparesImplementations() throws {
        let run = Fixture.providerRun()
        let text = try MarkdownRenderer().render(run)
        let notRun = try XCTUnwrap(text.range(of: "## Skipped and failed cases"))
        XCTAssertLessThan(notRun.lowerBound, try XCTUnwrap(text.range(of: "## Run")).lowerBound, "at the top")
        XCTAssertTrue(text.contains("1 skipped (the implementation cannot do the case), 1 failed"), text)
        XCTAssertTrue(
            text.contains("| `torch-flash-fp8` | torch | skipped | torch does not run fp8-e4m3 (it runs fp32) |"), text)
        XCTAssertTrue(
            text.contains("| Provider torch | `/usr/bin/python3 providers/torch_sdpa.py`, version 2.13.0+cpu |"), text)
        let section = try XCTUnwrap(
            text.components(separatedBy: "## Implementations").last?.components(separatedBy: "\n## ").first)
        XCTAssertTrue(section.contains("relative to **torch**"), section)
        XCTAssertTrue(
            section.contains(
                "| seq_len | torch time | torch GFLOP/s | attnbench:flash time | attnbench:flash GFLOP/s | "
                    + "attnbench:flash vs torch | attnbench:three-pass time |"), section)
        // torch is twice as fast as flash and six times as fast as three-pass, within the samples' noise.
        let ratios = section.components(separatedBy: "**").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let values = ratios.compactMap { Double($0.replacingOccurrences(of: "×", with: "")) }
        XCTAssertEqual(values.count, 4, section)
        for (value, expected) in zip(values, [0.5, 1.0 / 6, 0.5, 1.0 / 6]) {
            XCTAssertEqual(value, expected, accuracy: expected * 0.1)
        }
        // Provider rows have no traffic model; the three-pass pivot is attnbench's own.
        XCTAssertTrue(text.contains("| n/a |"), text)
        let speedup = try XCTUnwrap(text.components(separatedBy: "## Speed-up over three-pass").last)
        XCTAssertFalse(speedup.components(separatedBy: "\n## ").first?.contains("torch") ?? true)
    }

    func testAnotherReferenceIsHonoured() throws {
        let text = try MarkdownRenderer(reference: "attnbench:flash").render(Fixture.providerRun())
        XCTAssertTrue(text.contains("relative to **attnbench:flash**"), text)
        XCTAssertTrue(text.contains("torch vs attnbench:flash"), text)
        let missing = try MarkdownRenderer(reference: "numpy").render(Fixture.providerRun())
        XCTAssertTrue(missing.contains("the reference 'numpy' has no finished case in this run"), missing)
    }

    func testChartHasOneSeriesPerImplementation() throws {
        let chart = try XCTUnwrap(RunCharts.implementationsChart(Fixture.providerRun()))
        XCTAssertEqual(chart.name, "implementations.svg")
        XCTAssertEqual(chart.seriesNames, ["torch", "attnbench:flash", "attnbench:three-pass"], "the reference first")
        XCTAssertEqual(
            chart.svg.components(separatedBy: "data-series=\"torch\"").count - 1, 2, "one torch bar per shape")
        XCTAssertNil(
            RunCharts.implementationsChart(Fixture.run(Fixture.providerRun().cases.filter { $0.parameters.isBuiltIn })))
    }

    func testCSVCarriesImplementationReasonAndNominalFlops() throws {
        let run = Fixture.providerRun()
        let table = try CSVReader.table(try CSVRenderer().render(run))
        XCTAssertEqual(
            (0..<table.rows.count).map { table.value("implementation", row: $0) },
            run.cases.map(\.parameters.implementation))
        XCTAssertEqual(table.value("reason", row: 6), "torch does not run fp8-e4m3 (it runs fp32)")
        XCTAssertEqual(table.value("status", row: 7), "failed")
        XCTAssertEqual(table.value("flops", row: 2), run.cases[2].nominalFlops.map(String.init))
        XCTAssertEqual(table.value("hbm_read_bytes", row: 2), "", "no traffic model: empty, never 0")
    }

    func testComparingASkippedCaseIsInconclusiveNotAFailure() throws {
        let base = Fixture.providerRun()
        var current = base
        current.cases[2].status = .skipped
        current.cases[2].reason = "torch does not run it"
        let cmp = Comparison(base: base, current: current, options: ComparisonOptions())
        let row = try XCTUnwrap(cmp.cases.first { $0.id == base.cases[2].id })
        XCTAssertEqual(row.verdict, .inconclusive)
        XCTAssertEqual(row.note, "skipped in the current run: torch does not run it")
        XCTAssertTrue(row.failedChecks.isEmpty)
    }
}

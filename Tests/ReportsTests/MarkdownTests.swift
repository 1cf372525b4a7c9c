import Harness
import TestFixtures
import XCTest

@testable import Reports

final class MarkdownTests: XCTestCase {
    func testReportHasEverySection() throws {
        var run = Fixture.syntheticRun(Fixture.matrix(), seed: 8)
        run.counters = CounterAvailability(
            requested: ["PAPI_L1_DCM", "perf::TASK-CLOCK"], collected: ["perf::TASK-CLOCK"],
            unavailable: [.init(event: "PAPI_L1_DCM", reason: "Event does not exist")],
            hardwareCounters: false)
        run.notes = ["governor not set to performance"]
        let md = try MarkdownRenderer().render(run)
        for section in [
            "# attnbench report: fixture", "## Run", "## Results: fixture", "## Speed-up over three-pass",
            "### head_dim = 64", "### head_dim = 128", "## GQA and MQA against MHA", "## FP8 error",
            "## Counters", "## Charts", "## Notes"
        ] {
            XCTAssertTrue(md.contains(section + "\n"), "missing \(section)")
        }
        for fact in [
            "AMD EPYC 9R14, 2 logical cores", "L1d 32 KiB, L2 1 MiB, L3 32 MiB", "Linux 6.1", "6.3.1", "7.0.1",
            "`0123456789abcdef`", "2025-01-02T03:04:05Z", "2025-01-02T03:14:05Z", "complete",
            "45 ns per sample", "`PAPI_L1_DCM` | Event does not exist", "governor not set to performance",
            "![Median time vs sequence length — fixture](time-vs-seq-len.svg)", "(hbm-traffic.svg)", "(fp8-error.svg)",
            "| algorithm | layout | seq_len | head_dim | causal | precision | tile |"
        ] {
            XCTAssertTrue(md.contains(fact), "missing \(fact)")
        }
        // Human units: a 1.6 ms three-pass case and its CI, FP8 rows per scaling.
        XCTAssertTrue(
            md.range(
                of: #"\| three-pass \| mha \| 1024 \| 64 \| full \| fp32 \| 64x64 \| – \| – \| 8 \| 1\.\d+ ms ±\d"#,
                options: .regularExpression) != nil, md)
        XCTAssertTrue(md.contains("| fp8-e4m3 | block | yes | 1 |"))
        XCTAssertTrue(
            md.range(of: #"\| 256 \| [\d.]+ µs \| [\d.]+× \| [\d.]+× \| [\d.]+× \|"#, options: .regularExpression)
                != nil)
    }

    /// Decoding cases (fewer query rows than keys) get a KV GB/s column: K/V cache bytes
    /// per median time; prefill-only runs do not.
    func testDecodeRunsShowKVBytesPerSecond() throws {
        var records: [CaseRecord] = []
        for (algorithm, kvHeads) in [("flash", 8), ("flash-decoding", 8), ("flash-decoding", 2)] {
            var r = Fixture.caseRecord(
                Fixture.Spec(algorithm: algorithm, seqLen: 1, kvHeads: kvHeads),
                wallNs: Array(repeating: 1_000_000, count: 5))
            r.parameters.kvLen = 4096
            r.traffic?.kvCacheBytes = 2 * kvHeads * 4096 * 64 * 4  // 16.8 MB (MHA), 4.2 MB (GQA)
            records.append(r)
        }
        let md = try MarkdownRenderer().render(Fixture.run(records))
        XCTAssertTrue(md.contains("| HBM MB | KV GB/s | max error |"), md)
        XCTAssertTrue(md.contains("KV GB/s: bytes of the K/V cache"))
        // 16 777 216 B in 1 ms = 16.8 GB/s; 4 194 304 B in 1 ms = 4.19 GB/s.
        XCTAssertTrue(
            md.range(of: #"\| flash-decoding \| gqa \|.*\| 4\.19 \|"#, options: .regularExpression) != nil, md)
        XCTAssertTrue(md.range(of: #"\| flash \| mha \|.*\| 16\.8 \|"#, options: .regularExpression) != nil, md)
        let prefill = try MarkdownRenderer().render(Fixture.syntheticRun(Array(Fixture.matrix().prefix(3)), seed: 1))
        XCTAssertFalse(prefill.contains("KV GB/s"))
    }

    func testPartialRunAndFailedCaseAreSaid() throws {
        var run = Fixture.syntheticRun(Array(Fixture.matrix().prefix(3)), seed: 1)
        run.partial = true
        run.finishedAt = nil
        run.cases[1].status = .failed
        let md = try MarkdownRenderer().render(run)
        XCTAssertTrue(md.contains("**Partial run**"))
        XCTAssertTrue(md.contains("| Status | **partial**"))
        XCTAssertTrue(md.contains("| failed | – | – | – |"))
        XCTAssertFalse(md.contains("## Speed-up"), "only three-pass cases at different lengths: nothing to pivot")
    }

    func testHumanFormatting() {
        XCTAssertEqual(HumanFormat.duration(ns: 812), "812 ns")
        XCTAssertEqual(HumanFormat.duration(ns: 12_345), "12.3 µs")
        XCTAssertEqual(HumanFormat.duration(ns: 1_234_567), "1.23 ms")
        XCTAssertEqual(HumanFormat.duration(ns: 2.5e9), "2.5 s")
        XCTAssertEqual(HumanFormat.bytes(1_234_567), "1.23 MB")
        XCTAssertEqual(HumanFormat.binaryBytes(32768), "32 KiB")
        XCTAssertEqual(HumanFormat.number(0.001234), "0.00123")
        XCTAssertEqual(HumanFormat.number(1.2e-7), "1.2e-07")
        XCTAssertEqual(HumanFormat.number(1234.4), "1234")
        XCTAssertEqual(HumanFormat.percent(0.153), "+15.3%")
        XCTAssertEqual(HumanFormat.percent(-0.05), "-5%")
        XCTAssertEqual(HumanFormat.pValue(0.0001), "<0.001")
    }

    func testComparisonMarkdownLeadsWithOneLineSummary() throws {
        let specs = Array(Fixture.matrix().prefix(20))
        let base = Fixture.multiInvocationRun(specs, seed: 1, invocations: 5)
        var current = Fixture.multiInvocationRun(
            specs, seed: 2, invocations: 5,
            slowdown: [specs[4].id: 1.3, specs[9].id: 1.25, specs[12].id: 0.7],
            host: "other-host")
        current.cases[15].traffic?.flops += 1
        let md = try ComparisonMarkdownRenderer().render(
            Comparison(
                base: base, current: current,
                options: ComparisonOptions(resamples: 400)))
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(
            lines.first,
            "❌ 2 regressions, 1 case failing deterministic checks, 1 faster, 17 unchanged (alpha 0.05, threshold 10%)")
        let warnings = try XCTUnwrap(md.range(of: "**Warnings**"))
        let table = try XCTUnwrap(md.range(of: "| case | verdict |"))
        XCTAssertLessThan(warnings.lowerBound, table.lowerBound, "warnings come before the table")
        XCTAssertTrue(md.contains("different hosts (base `bench-host`, current `other-host`)"))
        // Failing rows first: the two regressions and the failed check, before the faster one.
        let rows = lines.filter { $0.hasPrefix("| ") && !$0.hasPrefix("|  | case") }
        XCTAssertTrue(rows.prefix(3).allSatisfy { $0.hasPrefix("| ❌") }, rows.prefix(4).joined(separator: "\n"))
        XCTAssertTrue(rows[3].contains("faster"))
        XCTAssertTrue(md.contains("flops changed from"))
        XCTAssertTrue(md.contains("![Change of median time per case](comparison.svg)"))
    }

    func testComparisonCSVAndJSON() throws {
        let specs = Array(Fixture.matrix().prefix(6))
        let base = Fixture.multiInvocationRun(specs, seed: 1, invocations: 5)
        let current = Fixture.multiInvocationRun(
            Array(specs.dropFirst()), seed: 2, invocations: 5,
            slowdown: [specs[2].id: 1.3])
        let comparison = Comparison(base: base, current: current, options: ComparisonOptions(resamples: 400))
        let csv = try CSVReader.table(try ComparisonCSVRenderer().render(comparison))
        XCTAssertEqual(csv.header, ComparisonCSVRenderer.header)
        XCTAssertEqual(csv.value("id", row: 0), specs[2].id)
        XCTAssertEqual(csv.value("verdict", row: 0), "slower")
        XCTAssertEqual(csv.value("fails", row: 0), "true")
        XCTAssertEqual(Double(csv.value("relative_change", row: 0) ?? "") ?? 0, 0.3, accuracy: 0.05)
        XCTAssertTrue(csv.rows.contains { $0[1] == "missing" && $0[3].isEmpty })
        let json = try ComparisonJSONRenderer().render(comparison)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["exit_status"] as? Int, 1)
        XCTAssertEqual(object["summary"] as? String, comparison.summaryLine)
        let body = try XCTUnwrap(object["comparison"] as? [String: Any])
        let cases = try XCTUnwrap(body["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 6)
        let timing = try XCTUnwrap(cases.first { $0["id"] as? String == specs[2].id }?["timing"] as? [String: Any])
        XCTAssertNotNil(timing["relative_change"])
        XCTAssertNotNil(timing["p_value"])
        XCTAssertEqual(timing["basis"] as? String, "invocations")
        XCTAssertEqual(timing["base_invocations"] as? Int, 5)
        XCTAssertEqual(cases.first { $0["id"] as? String == specs[2].id }?["gates_on_timing"] as? Bool, true)
        XCTAssertEqual(csv.value("base_invocations", row: 0), "5")
    }
}

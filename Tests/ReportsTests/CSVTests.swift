import Harness
import TestFixtures
import XCTest

@testable import Reports

final class CSVTests: XCTestCase {
    func testReaderHandlesQuotingNewlinesAndCRLF() throws {
        let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"multi\nline\",\n3,,\"\"\n"
        let rows = try CSVReader.rows(text)
        XCTAssertEqual(rows, [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "multi\nline", ""], ["3", "", ""]])
        XCTAssertThrowsError(try CSVReader.rows("a,\"open\n")) {
            XCTAssertEqual($0 as? CSVReader.Error, .unterminatedQuote(line: 1))
        }
        XCTAssertThrowsError(try CSVReader.rows("\"a\"b\n"))
    }

    func testWriterQuotesOnlyWhenNeeded() throws {
        XCTAssertEqual(CSVWriter.field("plain"), "plain")
        XCTAssertEqual(CSVWriter.field("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVWriter.field("q\"q"), "\"q\"\"q\"")
        let fields = ["x", "a,b", "line\nbreak", "\"", ""]
        XCTAssertEqual(
            try CSVReader.rows(CSVWriter.table(header: ["h1", "h2", "h3", "h4", "h5"], rows: [fields]))[1], fields)
    }

    func testColumnsAreInTheDocumentedOrder() throws {
        let run = Fixture.fullRecord()
        let table = try CSVReader.table(try CSVRenderer().render(run))
        let expectedPrefix = [
            "id", "batch", "heads", "kv_heads", "seq_len", "kv_len", "head_dim", "causal", "algorithm",
            "layout", "precision", "scaling", "incoherent", "tile", "effective_tile", "sram_bytes", "profile",
            "gqa_packing", "threads", "seed", "input_mean", "input_std", "outlier_fraction", "outlier_std",
            "status", "samples", "wall_ns_median", "wall_ns_mean", "wall_ns_stddev", "wall_ns_min",
            "wall_ns_max", "wall_ns_p90", "wall_ns_mad", "wall_ns_cv", "wall_ns_ci_low", "wall_ns_ci_high",
            "cpu_ns_median", "gflops", "modeled_gb_s", "arithmetic_intensity", "hbm_read_bytes",
            "hbm_write_bytes", "sram_peak_bytes", "flops", "executed_flops", "kv_cache_bytes",
            "max_abs_error", "rmse", "rel_frobenius", "peak_rss_bytes", "page_faults",
            "voluntary_ctx_switches", "involuntary_ctx_switches", "ipc", "l1_miss_rate", "l2_miss_rate",
            "host", "implementation", "reason", "ll_miss_rate", "branch_miss_rate",
            "instructions_per_flop", "ll_bytes_per_flop", "derived_sources", "sim_hbm_bytes",
            "sim_hbm_ratio"
        ]
        XCTAssertEqual(Array(table.header.prefix(expectedPrefix.count)), expectedPrefix)
        XCTAssertEqual(
            Array(table.header.dropFirst(expectedPrefix.count)), ["counter:PAPI_TOT_INS", "counter:perf::TASK-CLOCK"])
        XCTAssertEqual(table.rows.count, 3)
        XCTAssertTrue(table.rows.allSatisfy { $0.count == table.header.count })
    }

    func testRoundTripOfValues() throws {
        var run = Fixture.fullRecord()
        run.cases[0].id = "odd \"id\", with comma"
        run.cases[1].traffic = nil
        let table = try CSVReader.table(try CSVRenderer().render(run))
        for (row, record) in run.cases.enumerated() {
            func text(_ column: String) -> String? { table.value(column, row: row) }
            func number(_ column: String) -> Double? { text(column).flatMap(Double.init) }
            XCTAssertEqual(text("id"), record.id)
            XCTAssertEqual(text("algorithm"), record.parameters.algorithm)
            XCTAssertEqual(text("layout"), record.layout)
            XCTAssertEqual(number("seq_len"), Double(record.parameters.seqLen))
            XCTAssertEqual(text("causal"), String(record.parameters.causal))
            XCTAssertEqual(text("tile"), record.parameters.tile ?? "")
            XCTAssertEqual(text("seed"), String(record.parameters.seed))
            XCTAssertEqual(text("status"), record.status.rawValue)
            XCTAssertEqual(number("samples"), Double(record.samples.count))
            let wall = try XCTUnwrap(record.statistics["wall_ns"])
            XCTAssertEqual(number("wall_ns_median"), wall.median)
            XCTAssertEqual(number("wall_ns_p90"), wall.p90)
            XCTAssertEqual(number("wall_ns_ci_high"), wall.ciHigh)
            XCTAssertEqual(number("cpu_ns_median"), record.statistics["cpu_ns"]?.median)
            if wall.cv.isNaN {
                XCTAssertEqual(text("wall_ns_cv"), "")
            } else {
                XCTAssertEqual(number("wall_ns_cv"), wall.cv)
            }
            XCTAssertEqual(number("gflops"), record.derived.gflops)
            XCTAssertEqual(number("hbm_read_bytes"), record.traffic.map { Double($0.hbmReadBytes) })
            XCTAssertEqual(number("kv_cache_bytes"), record.traffic.map { Double($0.kvCacheBytes) })
            XCTAssertEqual(number("rmse"), record.accuracy?.rmse)
            XCTAssertEqual(number("rel_frobenius"), record.accuracy?.relativeFrobenius)
            XCTAssertEqual(number("peak_rss_bytes"), record.resources.map { Double($0.peakRSSBytes) })
            XCTAssertEqual(number("counter:perf::TASK-CLOCK"), record.statistics["perf::TASK-CLOCK"]?.median)
            XCTAssertEqual(text("counter:PAPI_TOT_INS"), "", "unavailable counters are empty, not 0")
        }
        XCTAssertEqual(table.value("hbm_read_bytes", row: 1), "", "missing traffic is empty, not 0")
        XCTAssertEqual(table.value("ipc", row: 1), "")
    }
}

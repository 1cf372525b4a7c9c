import AttentionKernels
import Foundation
import Harness
import XCTest

/// End-to-end tests of `attnbench model`: the modeled ledger equals the one the kernel
/// records, and configurations that cannot run are refused with their numbers.
final class ModelCommandTests: CLITestCase {
    func testModelJSONEqualsExecutedLedger() throws {
        for (algorithm, extra) in [
            ("flash", ["--causal"]), ("three-pass", []), ("flash-v1", ["--causal"]), ("online", []),
            ("flash", ["--no-gqa-packing"]), ("flash-decoding", ["--causal", "--kv-splits", "3"])
        ] {
            let r = try CLIRunner.run(
                [
                    "model", "--batch", "2", "--heads", "8", "--kv-heads", "2", "--seq-len", "77",
                    "--kv-len", "120", "--head-dim", "32", "--algorithm", algorithm, "--tile", "16x32",
                    "--json"
                ] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let shape = AttentionShape(batch: 2, qHeads: 8, kvHeads: 2, qLen: 77, kvLen: 120, headDim: 32)
            let options = AttentionOptions(
                algorithm: Algorithm(rawValue: algorithm) ?? .flash,
                tile: TileSize(rows: 16, cols: 32), causal: extra.contains("--causal"),
                gqaPacking: !extra.contains("--no-gqa-packing"),
                kvSplits: extra.contains("--kv-splits") ? 3 : nil)
            let plan = try AttentionPlan(shape: shape, options: options)
            let d = InputDistribution.standard
            let prepared = try plan.prepare(
                q: d.tensor(batch: 2, heads: 8, length: 77, dim: 32, seed: 1, stream: 0),
                k: d.tensor(batch: 2, heads: 2, length: 120, dim: 32, seed: 1, stream: 1),
                v: d.tensor(batch: 2, heads: 2, length: 120, dim: 32, seed: 1, stream: 2))
            var out = plan.makeOutput()
            let ledger = try plan.execute(prepared, into: &out)
            XCTAssertEqual(json["hbm_read_bytes"] as? Int, ledger.hbmReadBytes, algorithm)
            XCTAssertEqual(json["hbm_write_bytes"] as? Int, ledger.hbmWriteBytes, algorithm)
            XCTAssertEqual(json["sram_peak_bytes"] as? Int, ledger.sramPeakBytes, algorithm)
            XCTAssertEqual(json["flops"] as? Int, ledger.flops, algorithm)
            XCTAssertEqual(json["executed_flops"] as? Int, ledger.executedFlops, algorithm)
            XCTAssertEqual(json["kv_cache_bytes"] as? Int, 2 * 2 * 2 * 120 * 32 * 4, algorithm)
            XCTAssertNotNil(json["roofline"], algorithm)
            XCTAssertEqual(json["work_units"] as? Int, plan.parallelWorkUnits, algorithm)
            XCTAssertEqual(json["kv_splits"] as? Int, plan.kvSplit.splits, algorithm)
        }
    }

    func testModelRefusesOverCapacityTilesWithNumbers() throws {
        let r = try CLIRunner.run(["model", "--head-dim", "128", "--tile", "128x128", "--sram", "96KiB"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("98304") && r.stderr.contains("328704"), r.stderr)
        let both = try CLIRunner.run(["model", "--sram", "96KiB", "--profile", "h100"])
        XCTAssertEqual(both.status, 2)
        let unknown = try CLIRunner.run(["model", "--profile", "tpu"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("tpu"), unknown.stderr)
    }
}

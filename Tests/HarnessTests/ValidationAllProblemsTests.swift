import AttentionKernels
import XCTest

@testable import Harness

/// A configuration with several problems gets all of them reported at once, not just the
/// first one the kernel library met.
final class ValidationAllProblemsTests: XCTestCase {
    func testHeadLayoutAndSRAMProblemsAreBothReported() {
        let v = SuiteLoader().validate(
            yaml: """
                suite: two-problems
                defaults: {heads: 6, kv_heads: 4, seq_len: 128, head_dim: 64, sram: 32KiB, tile: 128x128}
                """, file: "two.yaml")
        XCTAssertFalse(v.isValid)
        let kinds = Set(v.diagnostics.map(\.kind))
        XCTAssertTrue(kinds.contains(.headLayout), "\(v.diagnostics)")
        XCTAssertTrue(kinds.contains(.sramCapacity), "\(v.diagnostics)")
        XCTAssertTrue(v.diagnostics.allSatisfy { $0.location.line == 2 }, "\(v.diagnostics)")
    }

    func testPlanProblemsListsEachIndependently() {
        let shape = AttentionShape(batch: 1, qHeads: 6, kvHeads: 4, qLen: 16, kvLen: 16, headDim: 48)
        let options = AttentionOptions(
            tile: TileSize(rows: 128, cols: 128), sramBytes: 1024, threads: 0,
            incoherent: true)
        let kinds = AttentionPlan.problems(shape: shape, options: options).map(\.kind)
        XCTAssertEqual(kinds, [.headLayout, .option, .sramCapacity, .precision, .precision])
        XCTAssertTrue(
            AttentionPlan.problems(
                shape: AttentionShape(
                    batch: 1, qHeads: 8, kvHeads: 2, qLen: 4, kvLen: 4,
                    headDim: 16), options: AttentionOptions()
            ).isEmpty)
    }
}

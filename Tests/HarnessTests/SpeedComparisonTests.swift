import AttentionKernels
import XCTest

@testable import Harness

/// `attnbench speed`'s measurement: every configuration on the same inputs, checked
/// against one float64 reference, timed in interleaved rounds.
final class SpeedComparisonTests: XCTestCase {
    let shape = AttentionShape(batch: 1, qHeads: 2, kvHeads: 1, qLen: 40, kvLen: 40, headDim: 16)

    func testEveryAlgorithmIsTimedAndCheckedOnEveryRow() throws {
        let variants = Algorithm.allCases.map {
            AttentionOptions(algorithm: $0, tile: TileSize(rows: 16, cols: 16), causal: true)
        }
        let rows = try SpeedComparison(shape: shape, variants: variants, repeats: 3, ledgerCost: true).run()
        XCTAssertEqual(rows.map(\.plan.options.algorithm), Algorithm.allCases)
        for r in rows {
            let name = r.plan.options.algorithm.rawValue
            XCTAssertEqual(r.checkedRows, shape.qLen, "\(name): a small shape is checked on every row")
            XCTAssertLessThan(r.maxAbsError, 1e-5, name)
            XCTAssertGreaterThan(r.medianNs, 0, name)
            XCTAssertEqual(r.gflops, Double(shape.nominalFlops(causal: true)) / r.medianNs, accuracy: 1e-9, name)
            XCTAssertNotNil(r.unrecordedMedianNs, name)
        }
    }

    func testALargeShapeIsCheckedOnSampledRowsAndBadConfigurationsThrow() throws {
        let rows = try SpeedComparison(
            shape: shape, variants: [AttentionOptions(algorithm: .flash)], repeats: 1,
            accuracyBudget: 4 * (2 * 40 * 16 * 2)
        ).run()
        XCTAssertEqual(rows.first?.checkedRows, 4, "a budget of four rows' multiply-adds checks four rows")
        XCTAssertNil(rows.first?.unrecordedMedianNs)
        XCTAssertThrowsError(try SpeedComparison(shape: shape, variants: [AttentionOptions(threads: 0)]))
    }
}

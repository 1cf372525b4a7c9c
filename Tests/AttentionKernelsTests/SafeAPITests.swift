import AttentionKernels
import XCTest

/// The public API cannot hand the unsafe kernels a tensor shorter than its shape, or
/// tensors of another plan: such calls are refused with an error (this file imports the
/// module as any user does, without @testable).
final class SafeAPITests: XCTestCase {
    let shape = AttentionShape(batch: 1, qHeads: 4, kvHeads: 2, qLen: 20, kvLen: 24, headDim: 16)

    func tensor(heads: Int, length: Int, dim: Int = 16, seed: UInt64) -> Tensor4 {
        InputDistribution.standard.tensor(batch: 1, heads: heads, length: length, dim: dim, seed: seed, stream: 0)
    }

    func testTensorsAlwaysHoldExactlyTheirShapesValues() {
        XCTAssertNil(Tensor4(batch: 1, heads: 2, length: 3, dim: 4, storage: [Float](repeating: 0, count: 23)))
        XCTAssertNil(Tensor4(batch: 1, heads: -2, length: -3, dim: 4, storage: [Float](repeating: 0, count: 24)))
        XCTAssertNil(Tensor4(batch: Int.max, heads: 2, length: 1, dim: 1, storage: []), "overflowing shape")
        XCTAssertNil(Tensor4.elementCount(batch: 1 << 32, heads: 1 << 32, length: 1, dim: 1))
        XCTAssertEqual(Tensor4.elementCount(batch: 2, heads: 3, length: 4, dim: 5), 120)
        var t = Tensor4(batch: 1, heads: 2, length: 3, dim: 4)
        t[0, 1, 2, 3] = 7
        t.withUnsafeMutableBufferPointer { $0[0] = 1 }
        XCTAssertEqual(t.count, 24)
        XCTAssertEqual(t.storage.first, 1)
        XCTAssertEqual(t.storage.last, 7)
    }

    func testPrepareRefusesTensorsOfTheWrongShape() throws {
        let plan = try AttentionPlan(shape: shape, options: AttentionOptions(algorithm: .flash))
        let q = tensor(heads: 4, length: 20, seed: 1), k = tensor(heads: 2, length: 24, seed: 2)
        let short = tensor(heads: 2, length: 23, seed: 3)
        XCTAssertThrowsError(try plan.prepare(q: q, k: k, v: short)) { error in
            XCTAssertEqual((error as? AttentionError)?.kind, .shape)
            XCTAssertTrue("\(error)".contains("V has shape [1, 2, 23, 16]"), "\(error)")
        }
        XCTAssertThrowsError(try plan.prepare(q: tensor(heads: 4, length: 20, dim: 8, seed: 4), k: k, v: k))
    }

    func testExecuteRefusesAWrongOutputAndInputsPreparedForAnotherPlan() throws {
        for algorithm in Algorithm.allCases {
            let plan = try AttentionPlan(shape: shape, options: AttentionOptions(algorithm: algorithm))
            let q = tensor(heads: 4, length: 20, seed: 1), kv = tensor(heads: 2, length: 24, seed: 2)
            let prepared = try plan.prepare(q: q, k: kv, v: kv)
            var small = Tensor4(batch: 1, heads: 4, length: 19, dim: 16)
            XCTAssertThrowsError(try plan.execute(prepared, into: &small), algorithm.rawValue) { error in
                XCTAssertTrue("\(error)".contains("output has shape [1, 4, 19, 16]"), "\(error)")
            }
            XCTAssertThrowsError(try plan.executeUnrecorded(prepared, into: &small), algorithm.rawValue)
            XCTAssertEqual(small, Tensor4(batch: 1, heads: 4, length: 19, dim: 16), "a refused call writes nothing")

            let longer = AttentionShape(batch: 1, qHeads: 4, kvHeads: 2, qLen: 40, kvLen: 48, headDim: 16)
            let other = try AttentionPlan(shape: longer, options: AttentionOptions(algorithm: algorithm))
            var out = other.makeOutput()
            XCTAssertThrowsError(try other.execute(prepared, into: &out), "\(algorithm): inputs of a smaller plan")
            XCTAssertThrowsError(try other.executeUnrecorded(prepared, into: &out), algorithm.rawValue)

            var good = plan.makeOutput()
            XCTAssertNoThrow(try plan.execute(prepared, into: &good), algorithm.rawValue)
        }
    }
}

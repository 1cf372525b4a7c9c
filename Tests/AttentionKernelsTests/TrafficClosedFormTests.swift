import XCTest

@testable import AttentionKernels

/// The closed-form traffic model against the walk of the kernels' own loops, on seeded
/// random configurations (every algorithm, causal or not, FP8, GQA packing, tiles that do
/// not divide the lengths or exceed them, Lq > Lkv), and the size checks that let `model`
/// answer any size without overflowing.
final class TrafficClosedFormTests: XCTestCase {
    /// SplitMix64: a seeded generator so that failures reproduce.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func testClosedFormEqualsTheWalkOnRandomConfigurations() throws {
        var rng = Seeded(state: 13)
        for i in 0..<1500 {
            let kvHeads = Int.random(in: 1...3, using: &rng)
            let group = [1, 1, 2, 3, 4].randomElement(using: &rng) ?? 1
            let shape = AttentionShape(
                batch: Int.random(in: 1...2, using: &rng), qHeads: kvHeads * group, kvHeads: kvHeads,
                qLen: [1, Int.random(in: 1...200, using: &rng)].randomElement(using: &rng) ?? 1,
                kvLen: Int.random(in: 1...300, using: &rng),
                headDim: [8, 16, 24].randomElement(using: &rng) ?? 16)
            let tile = TileSize(rows: Int.random(in: 1...80, using: &rng), cols: Int.random(in: 1...80, using: &rng))
            var options = AttentionOptions(
                algorithm: Algorithm.allCases.randomElement(using: &rng) ?? .flash, tile: tile,
                causal: Bool.random(using: &rng), gqaPacking: Bool.random(using: &rng),
                precision: Precision.allCases.randomElement(using: &rng) ?? .fp32)
            // flash-decoding: its automatic split (one split at these lengths) or 1–6 splits.
            if options.algorithm == .flashDecoding {
                options.kvSplits = [nil, 1, 2, 3, 6].randomElement(using: &rng) ?? nil
            }
            let plan = try AttentionPlan(shape: shape, options: options)
            let label =
                "#\(i) \(options.algorithm.rawValue) \(shape) tile \(tile) causal \(options.causal) "
                + "\(options.precision.rawValue) packed \(plan.packsGQA) splits \(plan.kvSplit.splits)"
            XCTAssertEqual(plan.closedFormTraffic(), plan.walkedTraffic(), label)
        }
    }

    /// The model uses the closed form above the walk limit; it must still equal what the
    /// kernel records when it runs (forced here on shapes small enough to execute).
    func testClosedFormEqualsTheExecutedLedger() throws {
        let shape = AttentionShape(batch: 1, qHeads: 4, kvHeads: 2, qLen: 77, kvLen: 130, headDim: 16)
        for algorithm in Algorithm.allCases {
            for causal in [false, true] {
                for precision in [Precision.fp32, .fp8E4M3] {
                    var options = AttentionOptions(
                        algorithm: algorithm, tile: TileSize(rows: 16, cols: 24), causal: causal,
                        precision: precision, scaling: .block)
                    if algorithm == .flashDecoding { options.kvSplits = 3 }
                    let plan = try AttentionPlan(shape: shape, options: options)
                    let q = InputDistribution.standard.tensor(
                        batch: 1, heads: 4, length: 77, dim: 16, seed: 1, stream: 0)
                    let k = InputDistribution.standard.tensor(
                        batch: 1, heads: 2, length: 130, dim: 16, seed: 1, stream: 1)
                    var out = plan.makeOutput()
                    let executed = try plan.execute(try plan.prepare(q: q, k: k, v: k), into: &out)
                    let label = "\(algorithm.rawValue) causal \(causal) \(precision.rawValue)"
                    XCTAssertEqual(plan.modeledTraffic(walkLimit: 0), executed, label)
                    XCTAssertEqual(plan.modeledTraffic(), executed, label)
                }
            }
        }
        // Above the limit, modeledTraffic() is the closed form.
        let big = try AttentionPlan(
            shape: AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: 300, kvLen: 300, headDim: 8),
            options: AttentionOptions(tile: TileSize(rows: 1, cols: 1), causal: true))
        XCTAssertGreaterThan(300 * 300, AttentionPlan.walkLimit)
        XCTAssertEqual(big.modeledTraffic(), big.closedFormTraffic())
        XCTAssertEqual(big.modeledTraffic(), big.walkedTraffic())
    }

    func testFloorSumMatchesTheDirectSum() throws {
        var rng = Seeded(state: 7)
        for _ in 0..<2000 {
            let n = Int.random(in: 0...60, using: &rng), m = Int.random(in: 1...40, using: &rng)
            let a = Int.random(in: 0...90, using: &rng), b = Int.random(in: 0...90, using: &rng)
            let direct = (0..<n).reduce(0) { $0 + (a * $1 + b) / m }
            XCTAssertEqual(
                try TrafficClosedForm.floorSum(count: n, m: m, a: a, b: b), direct, "n \(n) m \(m) a \(a) b \(b)")
        }
    }

    /// Shapes far beyond any walk (10^16 tile pairs) are modeled exactly: with causal
    /// masking and 1x1 tiles, row i sees i + 1 keys.
    func testHugeShapesAreModeledExactly() throws {
        let n = 100_000_000
        let shape = AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: n, kvLen: n, headDim: 16)
        let plan = try AttentionPlan(
            shape: shape, options: AttentionOptions(tile: TileSize(rows: 1, cols: 1), causal: true))
        let ledger = plan.modeledTraffic()
        XCTAssertEqual(ledger.executedFlops, 4 * 16 * (n * (n + 1) / 2))
        XCTAssertEqual(ledger.readBytes(.k), 16 * 4 * (n * (n + 1) / 2))
        XCTAssertEqual(ledger.writeBytes(.o), n * 16 * 4)
    }

    func testSizesThatOverflowAreRefusedNotTrapped() {
        let absurd: [(AttentionShape, AttentionOptions)] = [
            (AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: Int.max, kvLen: 1, headDim: 64), AttentionOptions()),
            (
                AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: 1 << 40, kvLen: 1 << 40, headDim: 64),
                AttentionOptions()
            ),
            (
                AttentionShape(batch: Int.max / 2, qHeads: 4, kvHeads: 4, qLen: 16, kvLen: 16, headDim: 16),
                AttentionOptions()
            ),
            (
                AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: 16, kvLen: 16, headDim: Int.max),
                AttentionOptions(sramBytes: 192 * 1024)
            ),
            (
                AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: 16, kvLen: 16, headDim: 16),
                AttentionOptions(tile: TileSize(rows: Int.max, cols: Int.max), sramBytes: 1024)
            ),
            (
                AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: 16, kvLen: 16, headDim: 16),
                AttentionOptions(threads: Int.max)
            ),
            (
                AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: 16, kvLen: 16, headDim: 16),
                AttentionOptions(sramBytes: Int.max)
            )
        ]
        for (shape, options) in absurd {
            let problems = AttentionPlan.problems(shape: shape, options: options)
            XCTAssertFalse(problems.isEmpty, "\(shape) \(options)")
            XCTAssertThrowsError(try AttentionPlan(shape: shape, options: options))
        }
        let threads = AttentionPlan.problems(
            shape: AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: 8, kvLen: 8, headDim: 8),
            options: AttentionOptions(threads: 1025))
        XCTAssertEqual(threads.map(\.message), ["threads must be between 1 and 1024 (got 1025)"])
        XCTAssertNil(SRAMBudget.parseSize("9223372036854775807KiB"))
        XCTAssertEqual(
            SRAMBudget.workingSet(
                algorithm: .flash, tile: TileSize(rows: Int.max, cols: 2), headDim: 8,
                elementBytes: 4), Int.max)
    }

    func testFootprintCountsTensorsFP8CopiesAndPerThreadBuffers() throws {
        let shape = AttentionShape(batch: 1, qHeads: 2, kvHeads: 1, qLen: 100, kvLen: 200, headDim: 16)
        let fp32 = try XCTUnwrap(AttentionPlan.footprint(shape: shape, options: AttentionOptions()))
        XCTAssertEqual(fp32.tensors, 4 * (2 * 2 * 100 * 16 + 2 * 200 * 16))
        XCTAssertEqual(fp32.preparedInputs, 0)
        let fp8 = try XCTUnwrap(AttentionPlan.footprint(shape: shape, options: AttentionOptions(precision: .fp8E5M2)))
        XCTAssertGreaterThan(fp8.preparedInputs, 4 * (2 * 100 * 16 + 2 * 200 * 16))
        let four = try XCTUnwrap(AttentionPlan.footprint(shape: shape, options: AttentionOptions(threads: 4)))
        XCTAssertEqual(four.workspace, 4 * fp32.workspace)
        let materialized = try XCTUnwrap(
            AttentionPlan.footprint(shape: shape, options: AttentionOptions(algorithm: .threePass)))
        XCTAssertGreaterThan(materialized.workspace, 2 * 4 * 100 * 200, "S and P of one head")
        XCTAssertEqual(fp32.total, fp32.tensors + fp32.preparedInputs + fp32.workspace)
    }
}

import XCTest

@testable import AttentionKernels

/// The executed ledger against the design's closed forms, and `modeledTraffic()` against
/// the executed ledger.
final class TrafficLedgerTests: XCTestCase {
    typealias Bytes = [TrafficOperand: Int]

    /// Splits flash-decoding makes of Tc key tiles when asked for `requested`: chunks of
    /// ⌈Tc/requested⌉ tiles, so no chunk is empty (docs/memory-model.md).
    static func effectiveSplits(kvTiles tc: Int, requested: Int) -> Int {
        let perSplit = (tc + min(requested, tc) - 1) / min(requested, tc)
        return (tc + perSplit - 1) / perSplit
    }

    /// The design's accounting table (section 5), written out independently of the kernels.
    static func closedForm(
        _ a: Algorithm, _ s: AttentionShape, tile: TileSize, packed: Bool, e: Int = 4,
        splits: Int = 1
    ) -> (reads: Bytes, writes: Bytes) {
        let f = 4, d = s.headDim, nk = s.kvLen
        let ceilDiv = { (x: Int, y: Int) in (x + y - 1) / y }
        var r: Bytes = [:], w: Bytes = [:]
        func add(_ m: inout Bytes, _ op: TrafficOperand, _ v: Int) { m[op, default: 0] += v }
        switch a {
        case .flash:
            let units = packed ? s.batch * s.kvHeads : s.batch * s.qHeads
            let nq = packed ? s.qLen * s.group : s.qLen
            let tr = ceilDiv(nq, tile.rows)
            add(&r, .q, units * nq * d * e)
            add(&r, .k, units * tr * nk * d * e)
            add(&r, .v, units * tr * nk * d * e)
            add(&w, .o, units * nq * d * f)
        case .threePass, .online:
            let units = s.batch * s.qHeads, nq = s.qLen, tr = ceilDiv(nq, tile.rows)
            add(&r, .q, units * nq * d * e)
            add(&r, .k, units * tr * nk * d * e)
            add(&r, .s, units * (a == .threePass ? 3 : 2) * nq * nk * f)
            add(&r, .p, units * nq * nk * f)
            add(&r, .v, units * tr * nk * d * e)
            add(&w, .s, units * nq * nk * f)
            add(&w, .p, units * nq * nk * f)
            add(&w, .o, units * nq * d * f)
        case .flashDecoding:
            // Every (Q tile, split) unit loads its Q tile; each Q tile reads all keys once over
            // its splits; with S > 1 splits each unit writes a partial O, m, l that the merge
            // reads back before writing O.
            let units = packed ? s.batch * s.kvHeads : s.batch * s.qHeads
            let nq = packed ? s.qLen * s.group : s.qLen
            let tr = ceilDiv(nq, tile.rows)
            add(&r, .q, units * splits * nq * d * e)
            add(&r, .k, units * tr * nk * d * e)
            add(&r, .v, units * tr * nk * d * e)
            if splits > 1 {
                add(&w, .oPartial, units * splits * nq * d * f)
                add(&w, .stats, units * splits * 2 * nq * f)
                add(&r, .oPartial, units * splits * nq * d * f)
                add(&r, .stats, units * splits * 2 * nq * f)
            }
            add(&w, .o, units * nq * d * f)
        case .flashV1:
            let units = s.batch * s.qHeads, nq = s.qLen, tc = ceilDiv(nk, tile.cols)
            add(&r, .k, units * nk * d * e)
            add(&r, .v, units * nk * d * e)
            add(&r, .q, units * tc * nq * d * e)
            add(&r, .o, units * tc * nq * d * f)
            add(&r, .stats, units * tc * 2 * nq * f)
            add(&w, .o, units * (tc + 1) * nq * d * f)
            add(&w, .stats, units * (tc + 1) * 2 * nq * f)
        }
        return (r, w)
    }

    static func executed(_ shape: AttentionShape, _ options: AttentionOptions) throws -> (TrafficLedger, AttentionPlan)
    {
        let plan = try AttentionPlan(shape: shape, options: options)
        let dist = InputDistribution.standard
        let q = dist.tensor(
            batch: shape.batch, heads: shape.qHeads, length: shape.qLen, dim: shape.headDim, seed: 3, stream: 0)
        let k = dist.tensor(
            batch: shape.batch, heads: shape.kvHeads, length: shape.kvLen, dim: shape.headDim, seed: 3, stream: 1)
        let v = dist.tensor(
            batch: shape.batch, heads: shape.kvHeads, length: shape.kvLen, dim: shape.headDim, seed: 3, stream: 2)
        var out = plan.makeOutput()
        let ledger = try plan.execute(try plan.prepare(q: q, k: k, v: v), into: &out)
        return (ledger, plan)
    }

    func testExecutedLedgerEqualsClosedFormsAndModel() throws {
        let shapes = [
            AttentionShape(batch: 2, qHeads: 4, kvHeads: 4, qLen: 128, kvLen: 128, headDim: 32),  // multiples
            AttentionShape(batch: 1, qHeads: 4, kvHeads: 4, qLen: 70, kvLen: 93, headDim: 24),  // not multiples
            AttentionShape(batch: 1, qHeads: 8, kvHeads: 2, qLen: 50, kvLen: 77, headDim: 16),  // GQA g=4
            AttentionShape(batch: 1, qHeads: 6, kvHeads: 1, qLen: 1, kvLen: 130, headDim: 16)  // MQA decode
        ]
        let tiles = [TileSize(rows: 32, cols: 32), TileSize(rows: 16, cols: 48)]
        for shape in shapes {
            for tile in tiles {
                for algorithm in Algorithm.allCases {
                    for packing in [true, false] {
                        let requested = algorithm == .flashDecoding ? 3 : nil
                        let options = AttentionOptions(
                            algorithm: algorithm, tile: tile, gqaPacking: packing,
                            kvSplits: requested)
                        let (ledger, plan) = try Self.executed(shape, options)
                        let splits = Self.effectiveSplits(
                            kvTiles: (shape.kvLen + tile.cols - 1) / tile.cols,
                            requested: requested ?? 1)
                        XCTAssertEqual(plan.kvSplit.splits, splits)
                        let expected = Self.closedForm(
                            algorithm, shape, tile: tile, packed: plan.packsGQA,
                            splits: splits)
                        let label = "\(algorithm.rawValue) \(shape) tile \(tile) packing \(packing)"
                        for op in TrafficOperand.allCases {
                            XCTAssertEqual(ledger.readBytes(op), expected.reads[op] ?? 0, "read \(op.name): \(label)")
                            XCTAssertEqual(
                                ledger.writeBytes(op), expected.writes[op] ?? 0, "write \(op.name): \(label)")
                        }
                        let fullFlops = 4 * shape.batch * shape.qHeads * shape.qLen * shape.kvLen * shape.headDim
                        XCTAssertEqual(ledger.flops, fullFlops, label)
                        XCTAssertEqual(ledger.executedFlops, fullFlops, label)
                        XCTAssertEqual(plan.modeledTraffic(), ledger, "model differs from kernel: \(label)")
                    }
                }
            }
        }
    }

    func testModelEqualsKernelWithCausalMaskingAndFP8() throws {
        let shape = AttentionShape(batch: 1, qHeads: 4, kvHeads: 2, qLen: 45, kvLen: 110, headDim: 32)
        for algorithm in Algorithm.allCases {
            for precision in Precision.allCases {
                let options = AttentionOptions(
                    algorithm: algorithm, tile: TileSize(rows: 16, cols: 32), causal: true,
                    precision: precision, scaling: .block,
                    kvSplits: algorithm == .flashDecoding ? 3 : nil)
                let (ledger, plan) = try Self.executed(shape, options)
                XCTAssertEqual(plan.modeledTraffic(), ledger, "\(algorithm.rawValue) \(precision.rawValue)")
            }
        }
    }

    func testCausalHalvesNominalFlopsAndFlashSkipsMaskedTiles() throws {
        let shape = AttentionShape(batch: 1, qHeads: 2, kvHeads: 2, qLen: 1024, kvLen: 1024, headDim: 64)
        for algorithm in Algorithm.allCases {
            let full = try AttentionPlan(shape: shape, options: AttentionOptions(algorithm: algorithm)).modeledTraffic()
            let causal = try AttentionPlan(shape: shape, options: AttentionOptions(algorithm: algorithm, causal: true))
                .modeledTraffic()
            XCTAssertEqual(causal.flops * 2, full.flops, algorithm.rawValue)
            let ratio = Double(causal.executedFlops) / Double(full.executedFlops)
            if algorithm.isFused {
                XCTAssertGreaterThan(ratio, 0.5, algorithm.rawValue)
                XCTAssertLessThan(ratio, 0.56, algorithm.rawValue)
                // Skipped tiles are not read: flash and flash-decoding skip K/V tiles, flash-v1 (K/V outer) skips Q/O tiles.
                let skipped: TrafficOperand = algorithm == .flashV1 ? .q : .k
                XCTAssertLessThan(causal.readBytes(skipped), full.readBytes(skipped) * 6 / 10, algorithm.rawValue)
            } else {
                XCTAssertEqual(ratio, 1, "materialized kernels compute the full S")
                XCTAssertEqual(causal.hbmBytes, full.hbmBytes)
            }
        }
    }

    func testDoublingSRAMHalvesFlashKVRereads() throws {
        // D=128, fp32: FA1's rule gives 16x16 tiles at 32 KiB and 32x32 at 64 KiB.
        let shape = AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: 1000, kvLen: 1000, headDim: 128)
        func kvReads(_ sram: Int) throws -> Double {
            let l = try AttentionPlan(shape: shape, options: AttentionOptions(sramBytes: sram)).modeledTraffic()
            return Double(l.readBytes(.k) + l.readBytes(.v))
        }
        let ratio = try kvReads(64 * 1024) / kvReads(32 * 1024)
        XCTAssertEqual(ratio, 0.5, accuracy: 0.02)
    }

    func testTrafficGrowthThreePassQuadraticFlashN2D2OverM() throws {
        func total(
            _ a: Algorithm, n: Int, d: Int = 64, sram: Int? = nil, tile: TileSize? = TileSize(rows: 64, cols: 64)
        ) throws -> TrafficLedger {
            let shape = AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: n, kvLen: n, headDim: d)
            return try AttentionPlan(shape: shape, options: AttentionOptions(algorithm: a, tile: tile, sramBytes: sram))
                .modeledTraffic()
        }
        // three-pass: doubling N quadruples the traffic (S and P dominate).
        let r3 = Double(try total(.threePass, n: 4096).hbmBytes) / Double(try total(.threePass, n: 2048).hbmBytes)
        XCTAssertEqual(r3, 4, accuracy: 0.1)
        // flash (rule tiles): K/V traffic ∝ N²·D²/M.
        func kv(_ l: TrafficLedger) -> Double { Double(l.readBytes(.k) + l.readBytes(.v)) }
        let m = 32 * 1024
        let base = kv(try total(.flash, n: 2048, d: 64, sram: m, tile: nil))
        XCTAssertEqual(kv(try total(.flash, n: 4096, d: 64, sram: m, tile: nil)) / base, 4, accuracy: 0.1)
        XCTAssertEqual(kv(try total(.flash, n: 2048, d: 64, sram: 2 * m, tile: nil)) / base, 0.5, accuracy: 0.05)
        XCTAssertEqual(kv(try total(.flash, n: 2048, d: 128, sram: m, tile: nil)) / base, 4, accuracy: 0.1)
    }

    func testGQAPackingReadsKVOncePerGroupInDecode() throws {
        let shape = AttentionShape(batch: 1, qHeads: 8, kvHeads: 2, qLen: 1, kvLen: 512, headDim: 64)
        let packed = try AttentionPlan(shape: shape, options: AttentionOptions()).modeledTraffic()
        let unpacked = try AttentionPlan(shape: shape, options: AttentionOptions(gqaPacking: false)).modeledTraffic()
        XCTAssertEqual(unpacked.readBytes(.k), 4 * packed.readBytes(.k))
        XCTAssertEqual(unpacked.readBytes(.v), 4 * packed.readBytes(.v))
    }

    func testOverCapacityTileIsRefusedWithTheNumbers() {
        let shape = AttentionShape(batch: 1, qHeads: 1, kvHeads: 1, qLen: 256, kvLen: 256, headDim: 128)
        XCTAssertThrowsError(
            try AttentionPlan(
                shape: shape,
                options: AttentionOptions(
                    tile: TileSize(rows: 128, cols: 128), sramBytes: 96 * 1024))
        ) { error in
            guard let e = error as? AttentionError else { return XCTFail("wrong error \(error)") }
            XCTAssertEqual(e.kind, .sramCapacity)
            XCTAssertTrue(e.message.contains("98304"), e.message)
            XCTAssertTrue(e.message.contains("328704"), e.message)
        }
    }
}

import XCTest

@testable import AttentionKernels

/// flash-decoding with several key splits: the merge against the float64 reference,
/// determinism across threads, and how the split is chosen. (Single-split runs are
/// covered with the other algorithms in KernelAccuracyTests and KernelPropertyTests.)
final class FlashDecodingTests: XCTestCase {
    func inputs(b: Int = 1, hq: Int, hkv: Int, lq: Int, lk: Int, d: Int, seed: UInt64 = 5) -> (
        Tensor4, Tensor4, Tensor4
    ) {
        let dist = InputDistribution.standard
        return (
            dist.tensor(batch: b, heads: hq, length: lq, dim: d, seed: seed, stream: 0),
            dist.tensor(batch: b, heads: hkv, length: lk, dim: d, seed: seed, stream: 1),
            dist.tensor(batch: b, heads: hkv, length: lk, dim: d, seed: seed, stream: 2)
        )
    }

    /// Decode (1 and 3 query rows: keys along lanes) and longer query blocks (17 rows,
    /// with GQA packing 68: query rows along lanes), MHA/GQA/MQA, causal or not, head
    /// dims that are not multiples of 16, key counts that leave a short last tile and a
    /// short last split.
    func testSplitsMergeToTheFloat64Reference() throws {
        let shapes: [(lq: Int, lk: Int, d: Int, tile: TileSize)] = [
            (1, 300, 128, TileSize(rows: 16, cols: 64)),
            (3, 77, 40, TileSize(rows: 32, cols: 16)),
            (17, 130, 24, TileSize(rows: 16, cols: 48))
        ]
        for (hq, hkv) in [(4, 4), (8, 2), (4, 1)] {
            for s in shapes {
                let (q, k, v) = inputs(hq: hq, hkv: hkv, lq: s.lq, lk: s.lk, d: s.d)
                for causal in [false, true] {
                    let ref = ReferenceAttention.compute(q: q, k: k, v: v, causal: causal)
                    for splits in [2, 3, 7] {
                        for packing in [true, false] {
                            let plan = try AttentionPlan(
                                shape: AttentionShape(
                                    batch: 1, qHeads: hq, kvHeads: hkv, qLen: s.lq, kvLen: s.lk, headDim: s.d),
                                options: AttentionOptions(
                                    algorithm: .flashDecoding, tile: s.tile, causal: causal,
                                    gqaPacking: packing, kvSplits: splits))
                            XCTAssertGreaterThan(plan.kvSplit.splits, 1)
                            var out = plan.makeOutput()
                            try plan.execute(try plan.prepare(q: q, k: k, v: v), into: &out)
                            let m = AccuracyMetrics(output: out, reference: ref)
                            XCTAssertLessThanOrEqual(
                                m.maxAbsError, 2e-5 * max(1, m.referenceMaxAbs),
                                "Hq=\(hq) Hkv=\(hkv) Lq=\(s.lq) Lkv=\(s.lk) D=\(s.d) tile=\(s.tile) causal=\(causal) "
                                    + "splits=\(plan.kvSplit.splits) packing=\(packing)")
                        }
                    }
                }
            }
        }
    }

    func testBitIdenticalForAnyThreadCountAtAFixedSplit() throws {
        let (q, k, v) = inputs(b: 2, hq: 8, hkv: 2, lq: 3, lk: 200, d: 32)
        for causal in [false, true] {
            for splits in [nil, 5] as [Int?] {
                var outs: [Tensor4] = []
                for threads in [1, 2, 3] {
                    outs.append(
                        try AttentionPlan.compute(
                            q: q, k: k, v: v,
                            options: AttentionOptions(
                                algorithm: .flashDecoding, tile: TileSize(rows: 16, cols: 16), causal: causal,
                                threads: threads,
                                kvSplits: splits)))
                }
                XCTAssertEqual(
                    outs[0], outs[1], "1 vs 2 threads, causal=\(causal) splits=\(String(describing: splits))")
                XCTAssertEqual(
                    outs[0], outs[2], "1 vs 3 threads, causal=\(causal) splits=\(String(describing: splits))")
            }
        }
    }

    /// The automatic split depends on the shape and tile only, reaches
    /// `KVSplit.targetWorkUnits` when the keys allow, and never goes below
    /// `KVSplit.minKeysPerSplit` keys per split.
    func testAutomaticSplitFollowsTheShapeNotTheThreads() throws {
        func splits(
            hq: Int, hkv: Int, lq: Int = 1, lk: Int, tile: TileSize = TileSize(rows: 16, cols: 64),
            threads: Int = 1
        ) throws -> Int {
            let shape = AttentionShape(batch: 1, qHeads: hq, kvHeads: hkv, qLen: lq, kvLen: lk, headDim: 128)
            return try AttentionPlan(
                shape: shape,
                options: AttentionOptions(
                    algorithm: .flashDecoding, tile: tile,
                    threads: threads)
            ).kvSplit.splits
        }
        // MHA decode: 32 streams → 4 splits reach 128 units.
        XCTAssertEqual(try splits(hq: 32, hkv: 32, lk: 4096), 4)
        XCTAssertEqual(try splits(hq: 32, hkv: 32, lk: 4096, threads: 7), 4)
        // GQA g = 4, packed: 8 streams → 16 splits; MQA (32 rows, two 16-row Q tiles) → 64 wanted.
        XCTAssertEqual(try splits(hq: 32, hkv: 8, lk: 4096), 16)
        XCTAssertEqual(try splits(hq: 32, hkv: 1, lk: 32768), 64)
        // Limited by 256 keys per split.
        XCTAssertEqual(try splits(hq: 32, hkv: 1, lk: 4096), 16)
        XCTAssertEqual(try splits(hq: 1, hkv: 1, lk: 300), 1)
        // Prefill already has enough units: no split.
        XCTAssertEqual(try splits(hq: 8, hkv: 8, lq: 2048, lk: 2048, tile: TileSize(rows: 64, cols: 64)), 1)
    }

    /// Splits cover the key tiles in equal chunks with no empty chunk.
    func testSplitsCoverTheKeyTilesWithoutEmptyChunks() {
        for kvTiles in 1...40 {
            for requested in 1...45 {
                let s = KVSplit(kvTiles: kvTiles, requested: requested)
                XCTAssertLessThanOrEqual(s.splits, min(requested, kvTiles))
                XCTAssertGreaterThanOrEqual(s.splits * s.tilesPerSplit, kvTiles)
                XCTAssertLessThan((s.splits - 1) * s.tilesPerSplit, kvTiles, "last split not empty")
            }
        }
    }

    func testSplitOptionIsValidated() {
        let shape = AttentionShape(batch: 1, qHeads: 2, kvHeads: 2, qLen: 1, kvLen: 64, headDim: 16)
        XCTAssertThrowsError(
            try AttentionPlan(shape: shape, options: AttentionOptions(algorithm: .flashDecoding, kvSplits: 0)))
        XCTAssertThrowsError(try AttentionPlan(shape: shape, options: AttentionOptions(algorithm: .flash, kvSplits: 2)))
        {
            XCTAssertTrue(($0 as? AttentionError)?.message.contains("flash-decoding") ?? false)
        }
        // More splits than key tiles: one tile each.
        XCTAssertEqual(
            try AttentionPlan(
                shape: shape,
                options: AttentionOptions(
                    algorithm: .flashDecoding, tile: TileSize(rows: 16, cols: 16), kvSplits: 99)
            ).kvSplit.splits, 4)
    }

    /// FP8 with several splits: P is rounded per tile inside each split, and the
    /// error stays FP8-sized (the bounds of FP8AttentionTests).
    func testFP8WithSplitsKeepsFP8SizedErrors() throws {
        let (q, k, v) = inputs(hq: 4, hkv: 2, lq: 2, lk: 150, d: 64)
        let ref = ReferenceAttention.compute(q: q, k: k, v: v, causal: true)
        for (precision, bound) in [(Precision.fp8E4M3, 0.08), (.fp8E5M2, 0.15)] {
            for scaling in Scaling.allCases {
                let out = try AttentionPlan.compute(
                    q: q, k: k, v: v,
                    options: AttentionOptions(
                        algorithm: .flashDecoding, tile: TileSize(rows: 16, cols: 32), causal: true,
                        precision: precision, scaling: scaling, kvSplits: 3))
                let e = AccuracyMetrics(output: out, reference: ref).relativeFrobenius
                XCTAssertGreaterThan(e, 1e-3, "\(precision.rawValue) \(scaling.rawValue)")
                XCTAssertLessThan(e, bound, "\(precision.rawValue) \(scaling.rawValue)")
            }
        }
    }

    /// The roofline model sees what splitting buys: decode (one query row per head, long
    /// cache) keeps only B·Hkv of an H100's 132 SMs busy with flash and all of them with
    /// flash-decoding; prefill already has enough Q tiles, where splitting only adds the
    /// partial O, m, l traffic.
    func testModelShowsWhenSplittingWins() throws {
        guard let h100 = HardwareProfile.builtIn(named: "h100") else { return XCTFail("h100 profile") }
        func estimate(_ algorithm: Algorithm, lq: Int, splits: Int? = nil) throws -> (RooflineEstimate, TrafficLedger) {
            let shape = AttentionShape(batch: 1, qHeads: 32, kvHeads: 8, qLen: lq, kvLen: 8192, headDim: 128)
            let plan = try AttentionPlan(
                shape: shape,
                options: AttentionOptions(
                    algorithm: algorithm, tile: TileSize(rows: 64, cols: 64), kvSplits: splits))
            let ledger = plan.modeledTraffic()
            return (
                RooflineEstimate(ledger: ledger, profile: h100, precision: .fp32, workUnits: plan.parallelWorkUnits),
                ledger
            )
        }
        let (flashDecode, _) = try estimate(.flash, lq: 1)
        let (splitDecode, _) = try estimate(.flashDecoding, lq: 1)
        XCTAssertEqual(flashDecode.busyUnits, 8)
        XCTAssertEqual(splitDecode.busyUnits, 128)
        XCTAssertLessThan(splitDecode.overlappedSeconds * 10, flashDecode.overlappedSeconds)

        let (flashPrefill, flashBytes) = try estimate(.flash, lq: 8192)
        let (autoPrefill, autoBytes) = try estimate(.flashDecoding, lq: 8192)
        let (splitPrefill, splitBytes) = try estimate(.flashDecoding, lq: 8192, splits: 8)
        XCTAssertEqual(autoBytes.hbmBytes, flashBytes.hbmBytes, "enough units: no split")
        XCTAssertEqual(autoPrefill.overlappedSeconds, flashPrefill.overlappedSeconds)
        XCTAssertGreaterThan(splitBytes.hbmBytes, flashBytes.hbmBytes)
        XCTAssertGreaterThan(splitPrefill.memorySeconds, flashPrefill.memorySeconds)
        XCTAssertGreaterThanOrEqual(splitPrefill.overlappedSeconds, flashPrefill.overlappedSeconds)
    }
}

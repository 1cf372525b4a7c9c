/// What a plan needs from memory, and whether its sizes fit in 64-bit integers at all.
///
/// The harness and the CLI compare `footprint` with a memory budget before allocating
/// anything, so that a suite asking for a terabyte of K/V is refused with the number
/// instead of dying in the allocator.
extension AttentionPlan {
    /// Memory one plan needs to run, in bytes (an estimate from above of the arrays it
    /// allocates; small fixed costs are ignored).
    public struct MemoryFootprint: Equatable, Sendable {
        /// Q, K, V and O as float32 arrays.
        public var tensors: Int
        /// FP8 precisions: the rounded copies of Q, K and V and the row lists of their
        /// scale blocks (0 at fp32, where the kernel reads the inputs as they are).
        public var preparedInputs: Int
        /// Tile buffers of every worker thread, and the main-memory scratch arrays some
        /// algorithms need (S and P of one head; m and l).
        public var workspace: Int
        /// The sum of the above.
        public var total: Int
    }

    /// The memory `shape` and `options` need; nil when a size overflows (`problems` then
    /// refuses the configuration) or the tile is invalid.
    public static func footprint(shape: AttentionShape, options: AttentionOptions) -> MemoryFootprint? {
        let (tile, _) = resolveTile(shape: shape, options: options)
        guard tile.rows >= 1, tile.cols >= 1, tile.rows <= maxTileSide, tile.cols <= maxTileSide,
            shape.batch >= 1, shape.qHeads >= 1, shape.kvHeads >= 1, shape.qLen >= 1, shape.kvLen >= 1,
            shape.headDim >= 1
        else { return nil }
        return try? checkedFootprint(shape: shape, options: options, tile: tile)
    }

    static func checkedFootprint(
        shape s: AttentionShape, options o: AttentionOptions,
        tile: TileSize
    ) throws(CheckedSize.Overflow) -> MemoryFootprint {
        let qElements = try CheckedSize.product(s.batch, s.qHeads, s.qLen, s.headDim)
        let kvElements = try CheckedSize.product(s.batch, s.kvHeads, s.kvLen, s.headDim)
        // Q and O, K and V, float32.
        let tensors = try CheckedSize.product(8, try CheckedSize.sum(qElements, kvElements))
        var prepared = 0
        if o.precision.isFP8 {
            // Rounded copies of Q, K, V, plus one Int row offset per row of Q and K in the
            // scale-block lists (16 bytes a row covers the arrays' own overhead).
            let copies = try CheckedSize.product(4, try CheckedSize.sum(qElements, kvElements, kvElements))
            let rows = try CheckedSize.sum(
                try CheckedSize.product(s.batch, s.qHeads, s.qLen),
                try CheckedSize.product(s.batch, s.kvHeads, s.kvLen))
            prepared = try CheckedSize.sum(copies, try CheckedSize.product(16, rows))
        }
        // `WorkspacePool.prepare`: one set of tile buffers per thread, each buffer 64-byte aligned.
        let brPad = roundUp(tile.rows, 16)
        let perWorker = try CheckedSize.sum(
            try CheckedSize.product(2, s.headDim, brPad), try CheckedSize.product(tile.cols, brPad),
            try CheckedSize.product(3, brPad), 6 * 16)
        var workspace = try CheckedSize.product(4, o.threads, perWorker)
        switch o.algorithm {
        case .flash:
            break
        case .flashDecoding:
            // Partial O, m and l of every (batch, row stream, split) and stream row.
            let split = resolveKVSplit(shape: s, options: o, tile: tile)
            if split.splits > 1 {
                let packs = o.gqaPacking && s.group > 1
                let rows = try CheckedSize.product(
                    s.batch, packs ? s.kvHeads : s.qHeads, split.splits,
                    try CheckedSize.product(s.qLen, packs ? s.group : 1))
                workspace = try CheckedSize.sum(workspace, try CheckedSize.product(4, rows, s.headDim + 2))
            }
        case .flashV1:
            workspace = try CheckedSize.sum(workspace, try CheckedSize.product(8, s.batch, s.qHeads, s.qLen))
        case .threePass, .online:
            // S and P of one head, key-major with `brPad` columns per Q tile; m and l per column.
            let ld = try CheckedSize.product(CheckedSize.ceilDiv(s.qLen, tile.rows), brPad)
            let sp = try CheckedSize.product(2, 4, s.kvLen, ld)
            workspace = try CheckedSize.sum(workspace, sp, try CheckedSize.product(8, ld))
        }
        return MemoryFootprint(
            tensors: tensors, preparedInputs: prepared, workspace: workspace,
            total: try CheckedSize.sum(tensors, prepared, workspace))
    }

    /// A refusal when some size of the configuration overflows 64-bit arithmetic: tensor
    /// bytes, nominal FLOPs, the SRAM working set, the modeled traffic or the footprint.
    static func sizeProblem(shape s: AttentionShape, options o: AttentionOptions, tile: TileSize) -> AttentionError? {
        let sizes =
            "batch \(s.batch), heads \(s.qHeads), kv_heads \(s.kvHeads), seq_len \(s.qLen), "
            + "kv_len \(s.kvLen), head_dim \(s.headDim)"
        func refuse(_ what: String) -> AttentionError {
            AttentionError(.size, "sizes too large: \(what) does not fit in 64 bits (\(sizes), tile \(tile))")
        }
        if CheckedSize.productOrNil(4, s.batch, s.qHeads, s.qLen, s.headDim) == nil { return refuse("the bytes of Q") }
        if CheckedSize.productOrNil(8, s.batch, s.kvHeads, s.kvLen, s.headDim) == nil {
            return refuse("the bytes of K and V")
        }
        if CheckedSize.productOrNil([4, s.batch, s.qHeads, s.qLen, s.kvLen, s.headDim]) == nil {
            return refuse("the FLOP count")
        }
        if (try? SRAMBudget.checkedWorkingSet(
            algorithm: o.algorithm, tile: tile, headDim: s.headDim,
            elementBytes: o.precision.elementBytes)) == nil
        {
            return refuse("the tile working set")
        }
        if (try? checkedFootprint(shape: s, options: o, tile: tile)) == nil { return refuse("the memory footprint") }
        let packed = o.algorithm.packsGQAGroups && o.gqaPacking && s.group > 1
        let ctx = makeContext(
            shape: s, options: o, tile: tile, packed: packed ? s.group : 1, scale: 1,
            q: nil, k: nil, v: nil, o: nil)
        let split = resolveKVSplit(shape: s, options: o, tile: tile)
        if (try? TrafficClosedForm.ledger(ctx, algorithm: o.algorithm, split: split)) == nil {
            return refuse("the modeled HBM traffic")
        }
        return nil
    }
}

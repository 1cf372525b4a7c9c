/// The traffic ledger of a plan in closed form: the same numbers the kernels record tile
/// by tile (and `AttentionPlan.walkedTraffic()` gets by walking their loops), computed in
/// time that does not grow with the sequence lengths.
///
/// Why: walking the loops costs one step per (Q tile, K/V tile) pair, which is hours for
/// a 4M-token sequence and years with 1×1 tiles; `model` must answer any size at once.
/// Walking stays the reference (`modeledTraffic()` walks whenever that is cheap, so the
/// model and the kernels cannot drift apart there), and tests hold the two equal.
///
/// Every sum is checked: a configuration whose traffic does not fit in `Int` throws
/// `CheckedSize.Overflow`, which `AttentionPlan` turns into a refusal.
enum TrafficClosedForm {
    /// The ledger of one call (without `flops` and `sramPeakBytes`, which the plan adds).
    /// `split` is flash-decoding's division of the keys (ignored by the other algorithms).
    static func ledger(
        _ ctx: KernelContext, algorithm: Algorithm,
        split: KVSplit
    ) throws(CheckedSize.Overflow) -> TrafficLedger {
        switch algorithm {
        case .flash: return try flash(ctx)
        case .flashDecoding: return try flashDecoding(ctx, split: split)
        case .flashV1: return try flashV1(ctx)
        case .threePass, .online: return try materialized(ctx, statisticsPasses: algorithm == .online ? 1 : 2)
        }
    }

    /// Sums over the Q tiles of one row stream of what each tile sees under the causal
    /// mask: `n` visible K/V tiles holding `keys` keys, for a tile of `rows` rows.
    struct TileSums {
        /// Σ n, Σ rows·n, Σ keys, Σ rows·keys over all Q tiles.
        var tiles = 0, rowTiles = 0, keys = 0, rowKeys = 0
        /// n and keys of the last Q tile (which sees the most).
        var lastTiles = 0, lastKeys = 0
    }

    /// Visible K/V tiles and keys of every Q tile of a stream of `ctx.streamRows` rows.
    ///
    /// Q tile t (rows [t·Br, min((t+1)·Br, R))) sees K/V tile c exactly when
    /// c·Bc ≤ ⌊last row / g⌋ + offset (`KernelContext.mask`), so it sees
    /// n_t = clamp(⌊(last row + offset·g) / (g·Bc)⌋ + 1, 0, Tc) tiles, a prefix. For the
    /// full tiles, last row = Br·t + Br − 1 is linear in t, and Σ n_t is a floor sum.
    static func tileSums(_ ctx: KernelContext) throws(CheckedSize.Overflow) -> TileSums {
        let rowsTotal = ctx.streamRows, br = ctx.br, bc = ctx.bc, tc = ctx.kvTiles, nk = ctx.kvLen
        let tr = ctx.qTiles
        let lastRows = rowsTotal - (tr - 1) * br
        var s = TileSums()
        guard ctx.causal else {
            s.tiles = try CheckedSize.product(tr, tc)
            s.rowTiles = try CheckedSize.product(rowsTotal, tc)
            s.keys = try CheckedSize.product(tr, nk)
            s.rowKeys = try CheckedSize.product(rowsTotal, nk)
            s.lastTiles = tc
            s.lastKeys = nk
            return s
        }
        let ramp = try CausalRamp(ctx)
        func visible(lastRow: Int) throws(CheckedSize.Overflow) -> Int {
            let q = CheckedSize.floorDiv(try CheckedSize.sum(lastRow, ramp.shift), ramp.m)
            return min(tc, max(0, q + 1))
        }
        func keys(ofTiles n: Int) throws(CheckedSize.Overflow) -> Int {
            n == tc ? nk : try CheckedSize.product(n, bc)
        }
        let middleTiles = try CheckedSize.sum(
            try floorSum(count: ramp.middle, m: ramp.m, a: ramp.a, b: ramp.firstX), ramp.middle)
        let saturated = ramp.saturated
        let fullTiles = try CheckedSize.sum(middleTiles, try CheckedSize.product(saturated, tc))
        // keys = n·Bc, except Lkv for the tiles that see all of K/V.
        let shortfall = try CheckedSize.difference(try CheckedSize.product(tc, bc), nk)
        let fullKeys = try CheckedSize.difference(
            try CheckedSize.product(fullTiles, bc),
            try CheckedSize.product(saturated, shortfall))
        s.lastTiles = try visible(lastRow: rowsTotal - 1)
        s.lastKeys = try keys(ofTiles: s.lastTiles)
        s.tiles = try CheckedSize.sum(fullTiles, s.lastTiles)
        s.rowTiles = try CheckedSize.sum(
            try CheckedSize.product(br, fullTiles), try CheckedSize.product(lastRows, s.lastTiles))
        s.keys = try CheckedSize.sum(fullKeys, s.lastKeys)
        s.rowKeys = try CheckedSize.sum(
            try CheckedSize.product(br, fullKeys), try CheckedSize.product(lastRows, s.lastKeys))
        return s
    }

    /// The full Q tiles t ∈ [0, Tr − 1) of a causal row stream, by how many K/V tiles they
    /// see: n_t = clamp(⌊(a·t + b) / m⌋ + 1, 0, Tc) with a = Br, b = Br − 1 + offset·g and
    /// m = g·Bc. Tiles before `first` see none; tiles in [first, first + middle) see
    /// 1 ≤ n_t < Tc, with a·t + b ≥ 0 there (starting at `firstX`); the last `saturated`
    /// see all Tc. `tileSums` and `splitSums` sum over the middle with `floorSum`.
    struct CausalRamp {
        let a: Int, m: Int, shift: Int
        let first: Int, middle: Int, saturated: Int
        /// a·first + b.
        let firstX: Int

        init(_ ctx: KernelContext) throws(CheckedSize.Overflow) {
            let g = ctx.packed, full = ctx.qTiles - 1
            m = try CheckedSize.product(g, ctx.bc)
            shift = try CheckedSize.product(ctx.causalOffset, g)
            a = ctx.br
            let b = try CheckedSize.sum(ctx.br - 1, shift)
            // First t with a·t + b ≥ 0 (n ≥ 1), and first t with n = Tc.
            first = min(full, b >= 0 ? 0 : CheckedSize.ceilDiv(-b, a))
            let needed = try CheckedSize.difference(try CheckedSize.product(ctx.kvTiles - 1, m), b)
            let saturatedFrom = max(first, min(full, needed <= 0 ? 0 : CheckedSize.ceilDiv(needed, a)))
            middle = saturatedFrom - first
            saturated = full - saturatedFrom
            firstX = try CheckedSize.sum(try CheckedSize.product(a, first), b)
        }
    }

    /// Σ_{i=0}^{count−1} ⌊(a·i + b) / m⌋ for count ≥ 0, m ≥ 1, a ≥ 0, b ≥ 0, in
    /// O(log m) steps (the Euclid-like reduction of AtCoder Library's `floor_sum`).
    static func floorSum(count: Int, m: Int, a: Int, b: Int) throws(CheckedSize.Overflow) -> Int {
        var n = count, m = m, a = a, b = b, total = 0
        while n > 0 {
            if a >= m {
                // Σ i = n(n−1)/2, halved before multiplying to stay in range.
                let pairs = n % 2 == 0 ? try CheckedSize.product(n / 2, n - 1) : try CheckedSize.product(n, (n - 1) / 2)
                total = try CheckedSize.sum(total, try CheckedSize.product(pairs, a / m))
                a %= m
            }
            if b >= m {
                total = try CheckedSize.sum(total, try CheckedSize.product(n, b / m))
                b %= m
            }
            let yMax = try CheckedSize.sum(try CheckedSize.product(a, n), b)
            if yMax < m { break }
            n = yMax / m
            b = yMax % m
            swap(&m, &a)
        }
        return total
    }

    /// Bytes of `elements` Q/K/V elements loaded in `loads` tile loads (plus their FP8 scales).
    private static func add(
        _ ledger: inout TrafficLedger, _ ctx: KernelContext, _ op: TrafficOperand,
        elements: Int, loads: Int
    ) throws(CheckedSize.Overflow) {
        try read(&ledger, op, try CheckedSize.product(elements, ctx.e))
        if ctx.readsScales { try read(&ledger, .scales, try CheckedSize.product(loads, 4)) }
    }

    private static func read(_ ledger: inout TrafficLedger, _ op: TrafficOperand, _ bytes: Int) throws(CheckedSize
        .Overflow)
    {
        ledger.readBytes[op.rawValue] = try CheckedSize.sum(ledger.readBytes[op.rawValue], bytes)
    }

    private static func write(_ ledger: inout TrafficLedger, _ op: TrafficOperand, _ bytes: Int) throws(CheckedSize
        .Overflow)
    {
        ledger.writeBytes[op.rawValue] = try CheckedSize.sum(ledger.writeBytes[op.rawValue], bytes)
    }

    /// `flash` (`FlashAttention2.unit`): per Q tile, Q once, every visible K/V tile, O once.
    static func flash(_ ctx: KernelContext) throws(CheckedSize.Overflow) -> TrafficLedger {
        let s = try tileSums(ctx)
        let d = ctx.dim, rows = ctx.streamRows
        var one = TrafficLedger()
        try add(&one, ctx, .q, elements: try CheckedSize.product(rows, d), loads: ctx.qTiles)
        try add(&one, ctx, .k, elements: try CheckedSize.product(s.keys, d), loads: s.tiles)
        try add(&one, ctx, .v, elements: try CheckedSize.product(s.keys, d), loads: s.tiles)
        try write(&one, .o, try CheckedSize.product(rows, d, 4))
        one.executedFlops = try CheckedSize.product(4, s.rowKeys, d)
        return try repeated(one, try CheckedSize.product(FlashAttention2.streams(ctx), ctx.batch))
    }

    /// Σ L_t and Σ rows_t·L_t over the Q tiles of one row stream, where L_t = ⌈n_t / P⌉
    /// is how many key splits of P K/V tiles Q tile t sees (a split is live when its first
    /// tile is among the n_t visible ones, which are a prefix).
    ///
    /// Where 1 ≤ n_t < Tc, n_t = ⌊x_t / m⌋ + 1 with x_t = a·t + b ≥ 0 (see `tileSums`), so
    /// L_t = ⌊(n_t − 1) / P⌋ + 1 = ⌊x_t / (m·P)⌋ + 1: another floor sum. Where n_t = Tc,
    /// L_t is the number of splits; where n_t = 0, it is 0.
    static func splitSums(
        _ ctx: KernelContext, tilesPerSplit p: Int,
        splits: Int
    ) throws(CheckedSize.Overflow) -> (splits: Int, rowSplits: Int) {
        let rowsTotal = ctx.streamRows, br = ctx.br, tr = ctx.qTiles
        let lastRows = rowsTotal - (tr - 1) * br
        guard ctx.causal else {
            return (try CheckedSize.product(tr, splits), try CheckedSize.product(rowsTotal, splits))
        }
        let s = try tileSums(ctx)
        func live(_ n: Int) -> Int { n <= 0 ? 0 : (n - 1) / p + 1 }
        let ramp = try CausalRamp(ctx)
        let middleSplits = try CheckedSize.sum(
            try floorSum(count: ramp.middle, m: try CheckedSize.product(ramp.m, p), a: ramp.a, b: ramp.firstX),
            ramp.middle)
        let fullSplits = try CheckedSize.sum(middleSplits, try CheckedSize.product(ramp.saturated, splits))
        let lastSplits = live(s.lastTiles)
        return (
            try CheckedSize.sum(fullSplits, lastSplits),
            try CheckedSize.sum(try CheckedSize.product(br, fullSplits), try CheckedSize.product(lastRows, lastSplits))
        )
    }

    /// `flash-decoding` (`FlashDecoding.unit` and `.merge`): K/V and FLOPs as `flash` (the
    /// live splits of a Q tile together read its visible K/V tiles once); Q once per live
    /// split. With one split O is written by each Q tile that sees a key; with several,
    /// each live split writes its partial O, m and l, and the merge reads them back and
    /// writes every row of O.
    static func flashDecoding(_ ctx: KernelContext, split: KVSplit) throws(CheckedSize.Overflow) -> TrafficLedger {
        let s = try tileSums(ctx)
        let live = try splitSums(ctx, tilesPerSplit: split.tilesPerSplit, splits: split.splits)
        let d = ctx.dim
        var one = TrafficLedger()
        try add(&one, ctx, .q, elements: try CheckedSize.product(live.rowSplits, d), loads: live.splits)
        try add(&one, ctx, .k, elements: try CheckedSize.product(s.keys, d), loads: s.tiles)
        try add(&one, ctx, .v, elements: try CheckedSize.product(s.keys, d), loads: s.tiles)
        if split.splits == 1 {
            try write(&one, .o, try CheckedSize.product(live.rowSplits, d, 4))
        } else {
            let partialO = try CheckedSize.product(live.rowSplits, d, 4),
                stats = try CheckedSize.product(live.rowSplits, 8)
            try write(&one, .oPartial, partialO)
            try write(&one, .stats, stats)
            try read(&one, .oPartial, partialO)
            try read(&one, .stats, stats)
            try write(&one, .o, try CheckedSize.product(ctx.streamRows, d, 4))
        }
        one.executedFlops = try CheckedSize.product(4, s.rowKeys, d)
        return try repeated(one, try CheckedSize.product(FlashDecoding.streams(ctx), ctx.batch))
    }

    /// `flash-v1` (`FlashAttention1.unit`): per head, O, m, l initialized; each K/V tile a
    /// query can see loaded once; per visible (K/V tile, Q tile) pair Q, O, m, l read and O, m, l written.
    static func flashV1(_ ctx: KernelContext) throws(CheckedSize.Overflow) -> TrafficLedger {
        let s = try tileSums(ctx)
        let d = ctx.dim, n = ctx.qLen
        var one = TrafficLedger()
        try add(&one, ctx, .k, elements: try CheckedSize.product(s.lastKeys, d), loads: s.lastTiles)
        try add(&one, ctx, .v, elements: try CheckedSize.product(s.lastKeys, d), loads: s.lastTiles)
        try add(&one, ctx, .q, elements: try CheckedSize.product(s.rowTiles, d), loads: s.tiles)
        try read(&one, .o, try CheckedSize.product(s.rowTiles, d, 4))
        try read(&one, .stats, try CheckedSize.product(s.rowTiles, 8))
        let outputs = try CheckedSize.sum(n, s.rowTiles)
        try write(&one, .o, try CheckedSize.product(outputs, d, 4))
        try write(&one, .stats, try CheckedSize.product(outputs, 8))
        one.executedFlops = try CheckedSize.product(4, s.rowKeys, d)
        return try repeated(one, try CheckedSize.product(ctx.batch, ctx.qHeads))
    }

    /// `three-pass` and `online` (`MaterializedAttention.unit`): every tile of S computed
    /// and written, `statisticsPasses` + 1 passes reading S, P written once and read once.
    static func materialized(_ ctx: KernelContext, statisticsPasses: Int) throws(CheckedSize.Overflow) -> TrafficLedger
    {
        let d = ctx.dim, n = ctx.qLen, nk = ctx.kvLen, tr = ctx.qTiles, tc = ctx.kvTiles
        let scores = try CheckedSize.product(n, nk, 4)
        var one = TrafficLedger()
        try add(&one, ctx, .q, elements: try CheckedSize.product(n, d), loads: tr)
        try add(&one, ctx, .k, elements: try CheckedSize.product(tr, nk, d), loads: try CheckedSize.product(tr, tc))
        try add(&one, ctx, .v, elements: try CheckedSize.product(tr, nk, d), loads: try CheckedSize.product(tr, tc))
        try write(&one, .s, scores)
        try read(&one, .s, try CheckedSize.product(statisticsPasses + 1, scores))
        try write(&one, .p, scores)
        try read(&one, .p, scores)
        try write(&one, .o, try CheckedSize.product(n, d, 4))
        one.executedFlops = try CheckedSize.product(4, n, nk, d)
        return try repeated(one, try CheckedSize.product(ctx.batch, ctx.qHeads))
    }

    /// `ledger` times `n` identical work units.
    static func repeated(_ ledger: TrafficLedger, _ n: Int) throws(CheckedSize.Overflow) -> TrafficLedger {
        var r = ledger
        for i in r.readBytes.indices {
            r.readBytes[i] = try CheckedSize.product(ledger.readBytes[i], n)
            r.writeBytes[i] = try CheckedSize.product(ledger.writeBytes[i], n)
        }
        r.executedFlops = try CheckedSize.product(ledger.executedFlops, n)
        // The totals (reads + writes) must fit too: reports add them.
        var total = 0
        for bytes in r.readBytes + r.writeBytes { total = try CheckedSize.sum(total, bytes) }
        return r
    }
}

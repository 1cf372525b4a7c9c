/// How `flash-decoding` divides the keys: `splits` chunks of `tilesPerSplit` K/V tiles
/// (the last chunk may be shorter; no chunk is empty).
public struct KVSplit: Equatable, Sendable {
    public let splits: Int
    public let tilesPerSplit: Int

    /// Aim for at least this many independent work units (batch × row streams × Q tiles ×
    /// splits): enough for a GPU's SMs (108–132 on A100/H100) or a many-core CPU.
    public static let targetWorkUnits = 128
    /// A split is never shorter than this many keys (unless the whole cache is), so that
    /// its partial O, m and ℓ stay small beside the K and V it reads.
    public static let minKeysPerSplit = 256

    init(kvTiles: Int, requested: Int) {
        let wanted = max(1, min(requested, kvTiles))
        tilesPerSplit = (kvTiles + wanted - 1) / wanted
        splits = (kvTiles + tilesPerSplit - 1) / tilesPerSplit
    }

    /// The split of a plan: `requested` when given, else enough splits to reach
    /// `targetWorkUnits` without going below `minKeysPerSplit` keys per split. A
    /// function of the shape and tile only — never of the thread count — so results are
    /// bit-identical for any number of threads.
    static func resolve(requested: Int?, baseUnits: Int, kvLen: Int, bc: Int) -> KVSplit {
        let kvTiles = (kvLen + bc - 1) / bc
        if let requested { return KVSplit(kvTiles: kvTiles, requested: requested) }
        let forUnits = (targetWorkUnits + baseUnits - 1) / max(1, baseUnits)
        let byLength = max(1, kvLen / minKeysPerSplit)
        return KVSplit(kvTiles: kvTiles, requested: min(forUnits, byLength))
    }
}

/// `flash-decoding`: split-KV attention (Dao, Haziza, Massa, Sizov 2023, "Flash-Decoding
/// for long-context inference"). Each work unit is one Q tile of one row stream (a query
/// head, or a packed GQA group) against one chunk of the keys: it computes the chunk's
/// partial O (unnormalized), running max m and sum ℓ with FlashAttention-2's online
/// softmax and writes them to main memory. A second phase merges each Q tile's partials
/// with a log-sum-exp reduction in a fixed split order: with M = max_s m_s,
/// O = Σ_s 2^(m_s − M)·O_s / Σ_s 2^(m_s − M)·ℓ_s. With one split there is nothing to merge
/// and O is written directly.
///
/// Splitting the keys gives a decode step (one query row per head) as many independent
/// units as it has chunks, so threads (or SMs) share a single head's long K/V cache.
/// Tiles with fewer than 16 rows — decode — run with the keys along the SIMD lanes
/// (`keyLaneScores`, `KeyLaneSoftmax`, `rowValues`), doing one row's work per row; larger
/// tiles use `flash`'s query-along-lanes micro-kernels.
enum FlashDecoding {
    static func streams(_ ctx: KernelContext) -> Int { FlashAttention2.streams(ctx) }

    /// Q tiles of all row streams (the merge phase's units).
    static func tileCount(_ ctx: KernelContext) -> Int { ctx.batch * streams(ctx) * ctx.qTiles }

    static func unitCount(_ ctx: KernelContext, _ split: KVSplit) -> Int { tileCount(ctx) * split.splits }

    /// Rows below this count use the keys-along-lanes kernels.
    static let keyLaneRowLimit = 16

    /// Where a unit's partial results live: index of (batch, stream, split) × stream rows.
    @inline(__always)
    static func partialRow(_ ctx: KernelContext, _ split: KVSplit, batch b: Int, stream: Int, split s: Int, row r: Int)
        -> Int
    {
        ((b * streams(ctx) + stream) * split.splits + s) * ctx.streamRows + r
    }

    /// Keys [k0, k1) of split `s`.
    @inline(__always)
    static func keyRange(_ ctx: KernelContext, _ split: KVSplit, _ s: Int) -> (tiles: Range<Int>, k0: Int, k1: Int) {
        let c0 = s * split.tilesPerSplit, c1 = min(ctx.kvTiles, c0 + split.tilesPerSplit)
        return (c0..<c1, c0 * ctx.bc, min(ctx.kvLen, c1 * ctx.bc))
    }

    /// Runs (or, with `buffers` nil, only records) split unit `u`.
    @inline(__always)
    static func unit<R: TrafficRecorder>(
        _ ctx: KernelContext, _ split: KVSplit, _ u: Int, buffers: WorkerBuffers?,
        partials: ScratchArrays?, rec: inout R
    ) {
        let s = u % split.splits
        let tile = u / split.splits
        let t = tile % ctx.qTiles
        let stream = (tile / ctx.qTiles) % streams(ctx)
        let b = tile / (ctx.qTiles * streams(ctx))
        let firstHead = ctx.packed > 1 ? stream * ctx.packed : stream
        let kvHead = ctx.packed > 1 ? stream : stream / ctx.group
        let r0 = t * ctx.br
        let rows = min(ctx.br, ctx.streamRows - r0)
        let d = ctx.dim
        let range = keyRange(ctx, split, s)
        // A split that no row of the tile can see is neither read nor written; the merge skips it.
        if ctx.mask(rows: r0, r0 + rows, keys: range.k0, range.k1) == .masked { return }

        ctx.recordLoad(.q, elements: rows * d, &rec)
        let keyLanes = rows < keyLaneRowLimit
        let width = roundUp(rows, 16)
        if let w = buffers {
            if keyLanes {
                ctx.loadQRows(into: w.qT.pointer, batch: b, firstHead: firstHead, r0: r0, rows: rows)
            } else {
                ctx.loadQTile(into: w.qT.pointer, batch: b, firstHead: firstHead, r0: r0, rows: rows, width: width)
            }
            w.oAcc.pointer.update(repeating: 0, count: width * d)
            w.m.pointer.update(repeating: -.infinity, count: width)
            w.l.pointer.update(repeating: 0, count: width)
        }
        let kvBase = ctx.kvBase(batch: b, kvHead: kvHead)
        for c in range.tiles {
            let k0 = c * ctx.bc
            let keys = min(ctx.bc, ctx.kvLen - k0)
            let mask = ctx.mask(rows: r0, r0 + rows, keys: k0, k0 + keys)
            if mask == .masked { continue }
            ctx.recordLoad(.k, elements: keys * d, &rec)
            ctx.recordLoad(.v, elements: keys * d, &rec)
            rec.executed(flops: 4 * rows * keys * d)
            guard let w = buffers, let k = ctx.k, let v = ctx.v else { continue }
            if keyLanes {
                keyLaneTile(
                    ctx, w, r0: r0, rows: rows, k: k + kvBase + k0 * d, v: v + kvBase + k0 * d,
                    k0: k0, keys: keys, mask: mask)
            } else {
                rowLaneTile(
                    ctx, w, r0: r0, rows: rows, width: width, k: k + kvBase + k0 * d, v: v + kvBase + k0 * d,
                    k0: k0, keys: keys, mask: mask)
            }
        }
        if split.splits == 1 {
            rec.write(.o, rows * d * 4)
            if let w = buffers {
                ctx.storeO(from: w.oAcc.pointer, l: w.l.pointer, batch: b, firstHead: firstHead, r0: r0, rows: rows)
            }
            return
        }
        rec.write(.oPartial, rows * d * 4)
        rec.write(.stats, 2 * rows * 4)
        if let w = buffers, let oPart = partials?.oPartial?.pointer, let m = partials?.m?.pointer,
            let l = partials?.l?.pointer
        {
            let first = partialRow(ctx, split, batch: b, stream: stream, split: s, row: r0)
            (oPart + first * d).update(from: w.oAcc.pointer, count: rows * d)
            (m + first).update(from: w.m.pointer, count: rows)
            (l + first).update(from: w.l.pointer, count: rows)
        }
    }

    /// One K/V tile with the keys along the lanes (decode: fewer than 16 rows).
    @inline(__always)
    private static func keyLaneTile(
        _ ctx: KernelContext, _ w: WorkerBuffers, r0: Int, rows: Int,
        k: UnsafePointer<Float>, v: UnsafePointer<Float>, k0: Int, keys: Int, mask: TileMask
    ) {
        let d = ctx.dim, ld = roundUp(ctx.bc, 16), lanes = roundUp(keys, 16)
        let s = w.sT.pointer
        keyLaneScores(q: w.qT.pointer, ldq: d, rows: rows, dim: d, k: k, ldk: d, keys: keys, out: s, ldo: ld)
        if mask == .partial { ctx.applyRowMask(s, ld: ld, r0: r0, rows: rows, k0: k0, keys: keys) }
        KeyLaneSoftmax.onlineUpdate(
            s, ld: ld, rows: rows, width: lanes, m: w.m.pointer, l: w.l.pointer,
            alpha: w.alpha.pointer)
        // roundP walks `keys` lines of `width` lanes; here the lines are the rows.
        ctx.roundP(s, ld: ld, keys: rows, width: lanes)
        rowValues(
            p: s, ldp: ld, rows: rows, v: v, ldv: d, keys: keys, o: w.oAcc.pointer, ldo: d, dim: d,
            alpha: w.alpha.pointer)
    }

    /// One K/V tile with the query rows along the lanes (as `flash`).
    @inline(__always)
    private static func rowLaneTile(
        _ ctx: KernelContext, _ w: WorkerBuffers, r0: Int, rows: Int, width: Int,
        k: UnsafePointer<Float>, v: UnsafePointer<Float>, k0: Int, keys: Int, mask: TileMask
    ) {
        let d = ctx.dim, ld = ctx.brPad
        let sT = w.sT.pointer
        scoreTile(qT: w.qT.pointer, ldq: ld, dim: d, width: width, k: k, ldk: d, keys: keys, out: sT, ldo: ld)
        if mask == .partial { ctx.applyMask(sT, ld: ld, r0: r0, rows: rows, k0: k0, keys: keys) }
        TileSoftmax.onlineUpdate(
            sT, ld: ld, keys: keys, width: width, m: w.m.pointer, l: w.l.pointer,
            alpha: w.alpha.pointer)
        ctx.roundP(sT, ld: ld, keys: keys, width: width)
        valueTile(
            pT: sT, ldp: ld, v: v, ldv: d, keys: keys, o: w.oAcc.pointer, ldo: d, height: width, dim: d,
            alpha: w.alpha.pointer)
    }

    /// Merges the partials of Q tile `tile` (batch × stream × Q tile) into O: a
    /// log-sum-exp reduction over the splits in increasing order.
    @inline(__always)
    static func merge<R: TrafficRecorder>(
        _ ctx: KernelContext, _ split: KVSplit, tile: Int, partials: ScratchArrays?,
        rec: inout R
    ) {
        let t = tile % ctx.qTiles
        let stream = (tile / ctx.qTiles) % streams(ctx)
        let b = tile / (ctx.qTiles * streams(ctx))
        let firstHead = ctx.packed > 1 ? stream * ctx.packed : stream
        let r0 = t * ctx.br
        let rows = min(ctx.br, ctx.streamRows - r0)
        let d = ctx.dim
        // Whether split s has a key some row of this tile can see (else it wrote nothing).
        @inline(__always) func live(_ s: Int) -> Bool {
            let range = keyRange(ctx, split, s)
            return ctx.mask(rows: r0, r0 + rows, keys: range.k0, range.k1) != .masked
        }
        for s in 0..<split.splits where live(s) {
            rec.read(.oPartial, rows * d * 4)
            rec.read(.stats, 2 * rows * 4)
        }
        rec.write(.o, rows * d * 4)
        guard let out = ctx.o, let oPart = partials?.oPartial?.pointer, let mP = partials?.m?.pointer,
            let lP = partials?.l?.pointer
        else { return }
        for r in 0..<rows {
            let dst = out + ctx.qRowOffset(batch: b, firstHead: firstHead, row: r0 + r)
            var mMax = -Float.infinity
            for s in 0..<split.splits where live(s) {
                let m = mP[partialRow(ctx, split, batch: b, stream: stream, split: s, row: r0 + r)]
                if m > mMax { mMax = m }
            }
            dst.update(repeating: 0, count: d)
            if mMax == -.infinity { continue }  // the row saw no key at all
            var total: Float = 0
            for s in 0..<split.splits where live(s) {
                let row = partialRow(ctx, split, batch: b, stream: stream, split: s, row: r0 + r)
                let weight = exp2Vector(F16(repeating: mP[row] - mMax))[0]
                if weight == 0 { continue }
                total = total.addingProduct(weight, lP[row])
                accumulate(dst, oPart + row * d, weight, d)
            }
            let inverse: Float = total > 0 ? 1 / total : 0
            scale(dst, inverse, d)
        }
    }

    @inline(__always)
    private static func accumulate(
        _ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ w: Float, _ n: Int
    ) {
        let wv = F16(repeating: w)
        var i = 0
        while i + 16 <= n {
            store16(dst + i, load16(dst + i).addingProduct(wv, load16(src + i)))
            i += 16
        }
        while i < n {
            dst[i] = dst[i].addingProduct(w, src[i])
            i += 1
        }
    }

    @inline(__always)
    private static func scale(_ dst: UnsafeMutablePointer<Float>, _ f: Float, _ n: Int) {
        let fv = F16(repeating: f)
        var i = 0
        while i + 16 <= n {
            store16(dst + i, load16(dst + i) * fv)
            i += 16
        }
        while i < n {
            dst[i] *= f
            i += 1
        }
    }
}

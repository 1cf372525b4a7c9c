/// `flash`: FlashAttention-2's loop order. Each work unit is one Q tile of one row
/// stream (a query head, or a packed GQA group); it loads the Q tile once, streams every
/// K/V tile past it with an online softmax and a rescaled O accumulator, and writes O
/// once, normalized at the end. S and P never leave the tile buffer; tiles entirely
/// above the causal diagonal are neither read nor computed.
enum FlashAttention2 {
    /// Number of independent work units: batch × streams × Q tiles.
    static func unitCount(_ ctx: KernelContext) -> Int {
        ctx.batch * streams(ctx) * ctx.qTiles
    }

    static func streams(_ ctx: KernelContext) -> Int {
        ctx.packed > 1 ? ctx.kvHeads : ctx.qHeads
    }

    /// Runs (or, with `buffers` nil, only records) work unit `u`.
    @inline(__always)
    static func unit<R: TrafficRecorder>(_ ctx: KernelContext, _ u: Int, buffers: WorkerBuffers?, rec: inout R) {
        let t = u % ctx.qTiles
        let stream = (u / ctx.qTiles) % streams(ctx)
        let b = u / (ctx.qTiles * streams(ctx))
        let firstHead = ctx.packed > 1 ? stream * ctx.packed : stream
        let kvHead = ctx.packed > 1 ? stream : stream / ctx.group
        let r0 = t * ctx.br
        let rows = min(ctx.br, ctx.streamRows - r0)
        let width = roundUp(rows, 16)
        let d = ctx.dim, ld = ctx.brPad

        ctx.recordLoad(.q, elements: rows * d, &rec)
        if let w = buffers {
            ctx.loadQTile(into: w.qT.pointer, batch: b, firstHead: firstHead, r0: r0, rows: rows, width: width)
            w.oAcc.pointer.update(repeating: 0, count: width * d)
            w.m.pointer.update(repeating: -.infinity, count: width)
            w.l.pointer.update(repeating: 0, count: width)
        }
        let kvBase = ctx.kvBase(batch: b, kvHead: kvHead)
        for c in 0..<ctx.kvTiles {
            let k0 = c * ctx.bc
            let keys = min(ctx.bc, ctx.kvLen - k0)
            let mask = ctx.mask(rows: r0, r0 + rows, keys: k0, k0 + keys)
            if mask == .masked { continue }
            ctx.recordLoad(.k, elements: keys * d, &rec)
            ctx.recordLoad(.v, elements: keys * d, &rec)
            rec.executed(flops: 4 * rows * keys * d)
            guard let w = buffers, let k = ctx.k, let v = ctx.v else { continue }
            let sT = w.sT.pointer
            scoreTile(
                qT: w.qT.pointer, ldq: ld, dim: d, width: width,
                k: k + kvBase + k0 * d, ldk: d, keys: keys, out: sT, ldo: ld)
            if mask == .partial {
                ctx.applyMask(sT, ld: ld, r0: r0, rows: rows, k0: k0, keys: keys)
            }
            TileSoftmax.onlineUpdate(
                sT, ld: ld, keys: keys, width: width,
                m: w.m.pointer, l: w.l.pointer, alpha: w.alpha.pointer)
            ctx.roundP(sT, ld: ld, keys: keys, width: width)
            valueTile(
                pT: sT, ldp: ld, v: v + kvBase + k0 * d, ldv: d, keys: keys,
                o: w.oAcc.pointer, ldo: d, height: width, dim: d, alpha: w.alpha.pointer)
        }
        rec.write(.o, rows * d * 4)
        if let w = buffers {
            ctx.storeO(from: w.oAcc.pointer, l: w.l.pointer, batch: b, firstHead: firstHead, r0: r0, rows: rows)
        }
    }
}

/// `flash-v1`: FlashAttention-1's loop order (Dao et al. 2022, Algorithm 1). Per head,
/// O, m and l live in main memory, initialized once; the outer loop walks K/V tiles
/// (each loaded once), the inner loop walks Q tiles, and every inner step reads Q_i,
/// O_i, m_i, l_i, updates them and writes O_i (normalized), m_i and l_i back.
/// Work units are whole heads, so the loop order inside a head is exactly the paper's.
enum FlashAttention1 {
    static func unitCount(_ ctx: KernelContext) -> Int { ctx.batch * ctx.qHeads }

    @inline(__always)
    static func unit<R: TrafficRecorder>(
        _ ctx: KernelContext, _ u: Int, buffers: WorkerBuffers?,
        stats: (m: UnsafeMutablePointer<Float>, l: UnsafeMutablePointer<Float>)?,
        rec: inout R
    ) {
        let h = u % ctx.qHeads, b = u / ctx.qHeads
        let d = ctx.dim, ld = ctx.brPad, n = ctx.qLen
        let kvBase = ctx.kvBase(batch: b, kvHead: h / ctx.group)
        // Per-head slices of the main-memory m and l arrays.
        let mHBM = stats.map { $0.m + u * n }, lHBM = stats.map { $0.l + u * n }

        rec.write(.o, n * d * 4)
        rec.write(.stats, 2 * n * 4)
        if buffers != nil, let o = ctx.o, let mHBM, let lHBM {
            (o + ctx.qRowOffset(batch: b, firstHead: h, row: 0)).update(repeating: 0, count: n * d)
            mHBM.update(repeating: -.infinity, count: n)
            lHBM.update(repeating: 0, count: n)
        }
        for c in 0..<ctx.kvTiles {
            let k0 = c * ctx.bc
            let keys = min(ctx.bc, ctx.kvLen - k0)
            // A K/V tile no query row can see is not loaded at all.
            if ctx.mask(rows: 0, n, keys: k0, k0 + keys) == .masked { continue }
            ctx.recordLoad(.k, elements: keys * d, &rec)
            ctx.recordLoad(.v, elements: keys * d, &rec)
            for t in 0..<ctx.qTiles {
                let r0 = t * ctx.br
                let rows = min(ctx.br, n - r0)
                let mask = ctx.mask(rows: r0, r0 + rows, keys: k0, k0 + keys)
                if mask == .masked { continue }
                ctx.recordLoad(.q, elements: rows * d, &rec)
                rec.read(.o, rows * d * 4)
                rec.read(.stats, 2 * rows * 4)
                rec.executed(flops: 4 * rows * keys * d)
                rec.write(.o, rows * d * 4)
                rec.write(.stats, 2 * rows * 4)
                guard let w = buffers, let k = ctx.k, let v = ctx.v, let o = ctx.o, let mHBM, let lHBM else { continue }
                step(
                    ctx, w, b: b, h: h, r0: r0, rows: rows, k: k + kvBase + k0 * d, v: v + kvBase + k0 * d,
                    k0: k0, keys: keys, mask: mask, o: o, m: mHBM + r0, l: lHBM + r0, ld: ld)
            }
        }
    }

    /// One inner step: O_i ← (l_i·2^(m_i−m') O_i + P V_j) / l', with m' and l' the
    /// updated statistics, all read from and written back to main memory.
    @inline(__always)
    private static func step(
        _ ctx: KernelContext, _ w: WorkerBuffers, b: Int, h: Int, r0: Int, rows: Int,
        k: UnsafePointer<Float>, v: UnsafePointer<Float>, k0: Int, keys: Int, mask: TileMask,
        o: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>,
        l: UnsafeMutablePointer<Float>, ld: Int
    ) {
        let d = ctx.dim
        let width = roundUp(rows, 16)
        ctx.loadQTile(into: w.qT.pointer, batch: b, firstHead: h, r0: r0, rows: rows, width: width)
        // Load O_i, m_i, l_i into the tile buffers (padding rows: empty statistics).
        let oRows = o + ctx.qRowOffset(batch: b, firstHead: h, row: r0)
        w.oAcc.pointer.update(from: oRows, count: rows * d)
        (w.oAcc.pointer + rows * d).update(repeating: 0, count: (width - rows) * d)
        w.m.pointer.update(from: m, count: rows)
        w.l.pointer.update(from: l, count: rows)
        (w.m.pointer + rows).update(repeating: -.infinity, count: width - rows)
        (w.l.pointer + rows).update(repeating: 0, count: width - rows)

        let sT = w.sT.pointer
        scoreTile(qT: w.qT.pointer, ldq: ld, dim: d, width: width, k: k, ldk: d, keys: keys, out: sT, ldo: ld)
        if mask == .partial { ctx.applyMask(sT, ld: ld, r0: r0, rows: rows, k0: k0, keys: keys) }
        TileSoftmax.onlineUpdate(
            sT, ld: ld, keys: keys, width: width,
            m: w.m.pointer, l: w.l.pointer, alpha: w.alpha.pointer)
        ctx.roundP(sT, ld: ld, keys: keys, width: width)
        // O_i is stored normalized: the rescale factor is l_i·2^(m_i − m'), with l_i
        // read from main memory, which still holds it until the write-back below.
        valueTileRescaled(ctx, w, sT: sT, v: v, keys: keys, width: width, oldL: l, rows: rows)
        for i in 0..<rows {
            let lNew = w.l.pointer[i]
            let f: Float = lNew > 0 ? 1 / lNew : 0
            let src = w.oAcc.pointer + i * d, dst = oRows + i * d
            for j in 0..<d { dst[j] = src[j] * f }
        }
        m.update(from: w.m.pointer, count: rows)
        l.update(from: w.l.pointer, count: rows)
    }

    /// P·V accumulated onto O_i·l_i·2^(m_i − m'). `oldL` is l_i still in main memory
    /// (written back only after this).
    @inline(__always)
    private static func valueTileRescaled(
        _ ctx: KernelContext, _ w: WorkerBuffers, sT: UnsafeMutablePointer<Float>,
        v: UnsafePointer<Float>, keys: Int, width: Int,
        oldL: UnsafePointer<Float>, rows: Int
    ) {
        let a = w.alpha.pointer
        for i in 0..<rows { a[i] *= oldL[i] }
        valueTile(
            pT: sT, ldp: ctx.brPad, v: v, ldv: ctx.dim, keys: keys,
            o: w.oAcc.pointer, ldo: ctx.dim, height: width, dim: ctx.dim, alpha: a)
    }
}

/// `three-pass` and `online`: standard attention with S and P materialized in main
/// memory, one head at a time, in phases over the whole head:
///
/// 1. scores: S = scale·QKᵀ, tiled Br × Bc (each Q tile reads every K tile), written out;
/// 2. softmax statistics: three-pass makes a max pass and a sum-of-exp pass over S;
///    online makes one pass with a running max and rescaled sum;
/// 3. normalize: one more pass reads S and writes P = exp(S − m)/l;
/// 4. PV: O = P·V, tiled like the scores (each Q tile reads every V tile).
///
/// S and P are stored key-major (`[Nk][Tr·brPad]`, each Q tile owning `brPad` columns) so
/// that per-query statistics vectorize; every element is still written and read once
/// per pass. With causal masking the full S is computed and masked entries set to −inf.
/// The row statistics (Nq values each) are not counted as traffic (the design's table
/// omits them: they are O(N) beside O(N²)).
enum MaterializedAttention {
    enum Phase { case scores, maxPass, sumPass, onlinePass, normalize, values }

    static func phases(_ algorithm: Algorithm) -> [Phase] {
        algorithm == .online
            ? [.scores, .onlinePass, .normalize, .values]
            : [.scores, .maxPass, .sumPass, .normalize, .values]
    }

    static func headCount(_ ctx: KernelContext) -> Int { ctx.batch * ctx.qHeads }

    /// Leading dimension of the key-major S and P arrays.
    static func ldS(_ ctx: KernelContext) -> Int { ctx.qTiles * ctx.brPad }

    /// Runs (or records) one phase for Q tile `t` of head `u`.
    @inline(__always)
    static func unit<R: TrafficRecorder>(
        _ ctx: KernelContext, phase: Phase, head u: Int, tile t: Int,
        buffers: WorkerBuffers?, scratch: ScratchArrays?, rec: inout R
    ) {
        let h = u % ctx.qHeads, b = u / ctx.qHeads
        let d = ctx.dim, nk = ctx.kvLen, ld = ldS(ctx)
        let r0 = t * ctx.br
        let rows = min(ctx.br, ctx.qLen - r0)
        let width = roundUp(rows, 16)
        let kvBase = ctx.kvBase(batch: b, kvHead: h / ctx.group)
        let col = t * ctx.brPad
        let live = buffers != nil
        let s = scratch?.s?.pointer, p = scratch?.p?.pointer
        let m = (scratch?.m?.pointer).map { $0 + col }, l = (scratch?.l?.pointer).map { $0 + col }

        switch phase {
        case .scores:
            ctx.recordLoad(.q, elements: rows * d, &rec)
            if live, let w = buffers {
                ctx.loadQTile(into: w.qT.pointer, batch: b, firstHead: h, r0: r0, rows: rows, width: width)
            }
            for c in 0..<ctx.kvTiles {
                let k0 = c * ctx.bc, keys = min(ctx.bc, nk - k0)
                ctx.recordLoad(.k, elements: keys * d, &rec)
                rec.executed(flops: 2 * rows * keys * d)
                rec.write(.s, rows * keys * 4)
                guard let w = buffers, let k = ctx.k, let s else { continue }
                let out = s + k0 * ld + col
                scoreTile(
                    qT: w.qT.pointer, ldq: ctx.brPad, dim: d, width: width,
                    k: k + kvBase + k0 * d, ldk: d, keys: keys, out: out, ldo: ld)
                switch ctx.mask(rows: r0, r0 + rows, keys: k0, k0 + keys) {
                case .none: break
                case .partial: ctx.applyMask(out, ld: ld, r0: r0, rows: rows, k0: k0, keys: keys)
                case .masked:
                    for j in 0..<keys { (out + j * ld).update(repeating: -.infinity, count: rows) }
                }
            }
        case .maxPass:
            rec.read(.s, rows * nk * 4)
            guard live, let s, let m else { return }
            SoftmaxPasses.max(s + col, ld: ld, keys: nk, width: width, m: m)
        case .sumPass:
            rec.read(.s, rows * nk * 4)
            guard live, let s, let m, let l else { return }
            SoftmaxPasses.sumOfExp(s + col, ld: ld, keys: nk, width: width, m: m, l: l)
        case .onlinePass:
            rec.read(.s, rows * nk * 4)
            guard live, let s, let m, let l else { return }
            SoftmaxPasses.online(s + col, ld: ld, keys: nk, width: width, m: m, l: l)
        case .normalize:
            rec.read(.s, rows * nk * 4)
            rec.write(.p, rows * nk * 4)
            guard live, let s, let p, let m, let l else { return }
            SoftmaxPasses.normalize(s + col, into: p + col, ld: ld, keys: nk, width: width, m: m, l: l)
        case .values:
            if let w = buffers { w.oAcc.pointer.update(repeating: 0, count: width * d) }
            for c in 0..<ctx.kvTiles {
                let k0 = c * ctx.bc, keys = min(ctx.bc, nk - k0)
                rec.read(.p, rows * keys * 4)
                ctx.recordLoad(.v, elements: keys * d, &rec)
                rec.executed(flops: 2 * rows * keys * d)
                guard let w = buffers, let v = ctx.v, let p else { continue }
                valueTile(
                    pT: p + k0 * ld + col, ldp: ld, v: v + kvBase + k0 * d, ldv: d, keys: keys,
                    o: w.oAcc.pointer, ldo: d, height: width, dim: d, alpha: nil)
            }
            rec.write(.o, rows * d * 4)
            if let w = buffers {
                ctx.storeO(from: w.oAcc.pointer, l: nil, batch: b, firstHead: h, r0: r0, rows: rows)
            }
        }
    }
}

/// Running the plan's algorithm, and modeling its traffic: by walking the same loops
/// without arithmetic (through the kernels' own `unit` functions, so model and kernel
/// cannot drift apart) when that is cheap, else in closed form (`TrafficClosedForm`).
extension AttentionPlan {
    var brPad: Int { roundUp(tile.rows, 16) }

    func context(
        q: UnsafePointer<Float>?, k: UnsafePointer<Float>?, v: UnsafePointer<Float>?,
        o: UnsafeMutablePointer<Float>?
    ) -> KernelContext {
        Self.makeContext(
            shape: shape, options: options, tile: tile, packed: packsGQA ? shape.group : 1, scale: scale,
            q: q, k: k, v: v, o: o)
    }

    static func makeContext(
        shape: AttentionShape, options: AttentionOptions, tile: TileSize, packed: Int, scale: Float,
        q: UnsafePointer<Float>?, k: UnsafePointer<Float>?, v: UnsafePointer<Float>?,
        o: UnsafeMutablePointer<Float>?
    ) -> KernelContext {
        let fp8 = FP8Format(precision: options.precision)
        return KernelContext(
            batch: shape.batch, qHeads: shape.qHeads, kvHeads: shape.kvHeads, qLen: shape.qLen,
            kvLen: shape.kvLen, dim: shape.headDim, group: shape.group, br: tile.rows, bc: tile.cols,
            brPad: roundUp(tile.rows, 16), causal: options.causal, causalOffset: shape.causalOffset,
            e: options.precision.elementBytes, readsScales: options.precision.isFP8,
            qFactor: scale * 1.442_695_040_888_963_4,
            pRounding: options.algorithm.isFused ? fp8.map(PRounding.init) : nil,
            packed: packed, q: q, k: k, v: v, o: o)
    }

    /// Independent work units of the kernel's main parallel loop: what threads (or, in
    /// the roofline model, SMs) can share. flash: Q tiles of all row streams; flash-v1:
    /// heads; three-pass and online: the Q tiles of one head (heads run one after
    /// another); flash-decoding: Q tiles × key splits (its merge is a second, short phase).
    public var parallelWorkUnits: Int {
        let ctx = context(q: nil, k: nil, v: nil, o: nil)
        switch options.algorithm {
        case .flash: return FlashAttention2.unitCount(ctx)
        case .flashV1: return FlashAttention1.unitCount(ctx)
        case .threePass, .online: return ctx.qTiles
        case .flashDecoding: return FlashDecoding.unitCount(ctx, kvSplit)
        }
    }

    /// Walks of at most this many tile steps are taken; larger models use the closed form.
    /// About a millisecond in a release build.
    static let walkLimit = 1 << 16

    /// The ledger the kernel would record, computed without doing the arithmetic, in time
    /// independent of the sequence lengths for large shapes.
    public func modeledTraffic() -> TrafficLedger {
        modeledTraffic(walkLimit: Self.walkLimit)
    }

    /// `modeledTraffic()` with another walk limit (tests force either method).
    func modeledTraffic(walkLimit: Int) -> TrafficLedger {
        let ctx = context(q: nil, k: nil, v: nil, o: nil)
        let phases = options.algorithm.isFused ? 1 : MaterializedAttention.phases(options.algorithm).count
        if let steps = CheckedSize.productOrNil(ctx.qTiles, ctx.kvTiles, phases), steps <= walkLimit {
            return walkedTraffic()
        }
        // `problems` refused every configuration whose closed form overflows.
        var total =
            (try? TrafficClosedForm.ledger(ctx, algorithm: options.algorithm, split: kvSplit)) ?? TrafficLedger()
        total.flops = shape.nominalFlops(causal: options.causal)
        total.sramPeakBytes = workingSetBytes
        return total
    }

    /// The ledger by walking the kernels' loops. Work units of different heads are
    /// identical, so one head (or packed group) is walked and multiplied.
    func walkedTraffic() -> TrafficLedger {
        let ctx = context(q: nil, k: nil, v: nil, o: nil)
        var one = TrafficLedger()
        let copies: Int
        switch options.algorithm {
        case .flash:
            for t in 0..<ctx.qTiles { FlashAttention2.unit(ctx, t, buffers: nil, rec: &one) }
            copies = FlashAttention2.unitCount(ctx) / ctx.qTiles
        case .flashV1:
            FlashAttention1.unit(ctx, 0, buffers: nil, stats: nil, rec: &one)
            copies = FlashAttention1.unitCount(ctx)
        case .flashDecoding:
            // One row stream: its Q tiles × splits, then (with several splits) its merges.
            for u in 0..<(ctx.qTiles * kvSplit.splits) {
                FlashDecoding.unit(ctx, kvSplit, u, buffers: nil, partials: nil, rec: &one)
            }
            if kvSplit.splits > 1 {
                for t in 0..<ctx.qTiles { FlashDecoding.merge(ctx, kvSplit, tile: t, partials: nil, rec: &one) }
            }
            copies = FlashDecoding.tileCount(ctx) / ctx.qTiles
        case .threePass, .online:
            for phase in MaterializedAttention.phases(options.algorithm) {
                for t in 0..<ctx.qTiles {
                    MaterializedAttention.unit(
                        ctx, phase: phase, head: 0, tile: t, buffers: nil, scratch: nil, rec: &one)
                }
            }
            copies = MaterializedAttention.headCount(ctx)
        }
        var total = one.repeated(copies)
        total.flops = shape.nominalFlops(causal: options.causal)
        total.sramPeakBytes = workingSetBytes
        return total
    }

    /// The ledger in closed form (for tests: it must equal `walkedTraffic()`).
    func closedFormTraffic() -> TrafficLedger? {
        guard
            var total = try? TrafficClosedForm.ledger(
                context(q: nil, k: nil, v: nil, o: nil),
                algorithm: options.algorithm, split: kvSplit)
        else { return nil }
        total.flops = shape.nominalFlops(causal: options.causal)
        total.sramPeakBytes = workingSetBytes
        return total
    }

    func run<R: TrafficRecorder>(
        _ inputs: PreparedInputs, into output: inout Tensor4,
        observer: WorkerObserver?, recorder: inout R
    ) {
        precondition(
            output.shape == [shape.batch, shape.qHeads, shape.qLen, shape.headDim],
            "output tensor does not match the plan (use makeOutput())")
        let threads = options.threads
        let probe = context(q: nil, k: nil, v: nil, o: nil)
        let sSize = options.algorithm.isFused ? 0 : shape.kvLen * MaterializedAttention.ldS(probe)
        let stats: Int
        var oPartial = 0
        switch options.algorithm {
        case .flashV1: stats = shape.batch * shape.qHeads * shape.qLen
        case .threePass, .online: stats = MaterializedAttention.ldS(probe)
        case .flash: stats = 0
        case .flashDecoding:
            // Partial m, l (and O) of every (batch, stream, split) and stream row.
            stats =
                kvSplit.splits > 1
                ? shape.batch * FlashDecoding.streams(probe) * kvSplit.splits * probe.streamRows : 0
            oPartial = stats * shape.headDim
        }
        workspaces.prepare(
            workers: threads, dim: shape.headDim, brPad: brPad, bc: tile.cols,
            s: sSize, p: sSize, stats: stats, oPartial: oPartial)
        let workers = workspaces.workers
        let scratch = workspaces.scratch

        var recs = [R](repeating: R(), count: threads)
        inputs.q.storage.withUnsafeBufferPointer { qb in
            inputs.k.storage.withUnsafeBufferPointer { kb in
                inputs.v.storage.withUnsafeBufferPointer { vb in
                    output.storage.withUnsafeMutableBufferPointer { ob in
                        recs.withUnsafeMutableBufferPointer { rp in
                            let ctx = context(
                                q: qb.baseAddress, k: kb.baseAddress, v: vb.baseAddress, o: ob.baseAddress)
                            switch options.algorithm {
                            case .flash:
                                parallelFor(FlashAttention2.unitCount(ctx), threads: threads, observer: observer) {
                                    w, u in
                                    FlashAttention2.unit(ctx, u, buffers: workers[w], rec: &rp[w])
                                }
                            case .flashV1:
                                let mPtr = scratch?.m?.pointer, lPtr = scratch?.l?.pointer
                                let statsPtrs = mPtr.flatMap { m in lPtr.map { (m: m, l: $0) } }
                                parallelFor(FlashAttention1.unitCount(ctx), threads: threads, observer: observer) {
                                    w, u in
                                    FlashAttention1.unit(ctx, u, buffers: workers[w], stats: statsPtrs, rec: &rp[w])
                                }
                            case .flashDecoding:
                                let split = kvSplit
                                parallelFor(FlashDecoding.unitCount(ctx, split), threads: threads, observer: observer) {
                                    w, u in
                                    FlashDecoding.unit(
                                        ctx, split, u, buffers: workers[w], partials: scratch, rec: &rp[w])
                                }
                                if split.splits > 1 {
                                    parallelFor(FlashDecoding.tileCount(ctx), threads: threads, observer: observer) {
                                        w, t in
                                        FlashDecoding.merge(ctx, split, tile: t, partials: scratch, rec: &rp[w])
                                    }
                                }
                            case .threePass, .online:
                                let phases = MaterializedAttention.phases(options.algorithm)
                                for head in 0..<MaterializedAttention.headCount(ctx) {
                                    for phase in phases {
                                        parallelFor(ctx.qTiles, threads: threads, observer: observer) { w, t in
                                            MaterializedAttention.unit(
                                                ctx, phase: phase, head: head, tile: t,
                                                buffers: workers[w], scratch: scratch, rec: &rp[w])
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for r in recs { recorder.absorb(r) }
    }
}

/// Preparing inputs for the plan's precision: incoherent processing and FP8 rounding
/// with the scale granularity the plan asks for. Not part of the timed call: in a real
/// FP8 pipeline the tensors are already stored quantized.
extension AttentionPlan {
    /// Checks the inputs' shapes and returns them as the kernel will read them.
    public func prepare(q: Tensor4, k: Tensor4, v: Tensor4) throws(AttentionError) -> PreparedInputs {
        try checkInputs(q: q, k: k, v: v)
        guard let format = FP8Format(precision: options.precision) else {
            return PreparedInputs(q: q, k: k, v: v)
        }
        var q = q, k = k, v = v
        if options.incoherent {
            let transform = try HadamardTransform(dim: shape.headDim, seed: options.seed)
            let qRows = q.count / shape.headDim, kRows = k.count / shape.headDim
            q.storage.withUnsafeMutableBufferPointer { transform.apply($0, rows: qRows) }
            k.storage.withUnsafeMutableBufferPointer { transform.apply($0, rows: kRows) }
        }
        let qBlocks = blocks(forQ: true), kvBlocks = blocks(forQ: false)
        for blocksOf in [(qBlocks, 0), (kvBlocks, 1), (kvBlocks, 2)] {
            func quantize(_ t: inout Tensor4) {
                t.storage.withUnsafeMutableBufferPointer { buf in
                    for rows in blocksOf.0 {
                        _ = FP8Quantizer.quantizeBlock(buf, rowOffsets: rows, dim: shape.headDim, format: format)
                    }
                }
            }
            switch blocksOf.1 {
            case 0: quantize(&q)
            case 1: quantize(&k)
            default: quantize(&v)
            }
        }
        return PreparedInputs(q: q, k: k, v: v, scaleCounts: (qBlocks.count, kvBlocks.count, kvBlocks.count))
    }

    /// Row offsets of each scale block of Q (or of K and V): the whole tensor, each
    /// head, or each of the kernel's tiles (Q tiles of the row stream, K/V tiles of Bc rows).
    func blocks(forQ: Bool) -> [[Int]] {
        let d = shape.headDim
        let heads = forQ ? shape.qHeads : shape.kvHeads
        let length = forQ ? shape.qLen : shape.kvLen
        func rowOffset(_ b: Int, _ h: Int, _ p: Int) -> Int { ((b * heads + h) * length + p) * d }
        switch options.scaling {
        case .tensor:
            return [(0..<(shape.batch * heads * length)).map { $0 * d }]
        case .head:
            return (0..<(shape.batch * heads)).map { bh in (0..<length).map { (bh * length + $0) * d } }
        case .block:
            if !forQ {
                let bc = tile.cols
                var out: [[Int]] = []
                for b in 0..<shape.batch {
                    for h in 0..<heads {
                        for k0 in stride(from: 0, to: length, by: bc) {
                            out.append((k0..<min(length, k0 + bc)).map { rowOffset(b, h, $0) })
                        }
                    }
                }
                return out
            }
            let ctx = context(q: nil, k: nil, v: nil, o: nil)
            let streams = ctx.packed > 1 ? shape.kvHeads : shape.qHeads
            var out: [[Int]] = []
            for b in 0..<shape.batch {
                for s in 0..<streams {
                    let first = ctx.packed > 1 ? s * ctx.packed : s
                    for r0 in stride(from: 0, to: ctx.streamRows, by: tile.rows) {
                        out.append(
                            (r0..<min(ctx.streamRows, r0 + tile.rows)).map {
                                ctx.qRowOffset(batch: b, firstHead: first, row: $0)
                            })
                    }
                }
            }
            return out
        }
    }
}

/// Everything a kernel needs about one call: sizes, tiles, masking and (when the call
/// computes rather than models) the tensors' base pointers.
///
/// A "row stream" is the sequence of query rows one work unit walks through: the
/// positions of one query head, or — with GQA packing — the positions of a whole group
/// stacked position-major (row r is position r / g of head g·kvHead + r % g).
struct KernelContext {
    let batch: Int, qHeads: Int, kvHeads: Int, qLen: Int, kvLen: Int, dim: Int, group: Int
    let br: Int, bc: Int
    /// Q-tile width padded to the SIMD width (16): leading dimension of qT and sT.
    let brPad: Int
    let causal: Bool
    let causalOffset: Int
    /// Bytes per stored element of Q, K, V (4 fp32, 1 fp8).
    let e: Int
    /// Each FP8 tile load also reads its 4-byte scale.
    let readsScales: Bool
    /// scale · log2(e): Q is multiplied by it once, so the softmax can use 2^x.
    let qFactor: Float
    /// Rounds P to FP8 before PV (FP8 precisions, fused kernels).
    let pRounding: PRounding?
    /// Rows per stream stacked from this many heads (1 unless GQA packing is on).
    let packed: Int

    // Tensors; nil when the plan is only modeled.
    let q: UnsafePointer<Float>?
    let k: UnsafePointer<Float>?
    let v: UnsafePointer<Float>?
    let o: UnsafeMutablePointer<Float>?

    var qTiles: Int { (streamRows + br - 1) / br }
    var kvTiles: Int { (kvLen + bc - 1) / bc }
    /// Rows in one stream.
    var streamRows: Int { qLen * packed }

    /// Query position of stream row r.
    @inline(__always) func position(ofRow r: Int) -> Int { r / packed }

    /// Offset of Q/O row `r` of the stream whose first head is `firstHead` in batch `b`.
    @inline(__always) func qRowOffset(batch b: Int, firstHead h: Int, row r: Int) -> Int {
        ((b * qHeads + h + r % packed) * qLen + r / packed) * dim
    }

    /// Offset of the first K/V row of `kvHead` in batch `b`.
    @inline(__always) func kvBase(batch b: Int, kvHead h: Int) -> Int {
        (b * kvHeads + h) * kvLen * dim
    }

    /// Records a tile read of Q, K or V (and its FP8 scale).
    @inline(__always) func recordLoad<R: TrafficRecorder>(_ op: TrafficOperand, elements: Int, _ rec: inout R) {
        rec.read(op, elements * e)
        if readsScales { rec.read(.scales, 4) }
    }

    /// How a tile of stream rows [r0, r1) × keys [k0, k1) is masked.
    @inline(__always) func mask(rows r0: Int, _ r1: Int, keys k0: Int, _ k1: Int) -> TileMask {
        guard causal else { return .none }
        let firstPos = position(ofRow: r0), lastPos = position(ofRow: r1 - 1)
        if k0 > lastPos + causalOffset { return .masked }
        if k1 - 1 <= firstPos + causalOffset { return .none }
        return .partial
    }
}

enum TileMask { case none, partial, masked }

/// FP8 rounding of P inside fused kernels (FlashAttention-3 quantizes P before PV).
/// P lies in [0, 1]; it is scaled by the format's largest finite value before
/// rounding so that its small entries keep the format's full range.
struct PRounding {
    let format: FP8Format
}

// MARK: - Tile routines shared by the kernels

extension KernelContext {
    /// Copies stream rows [r0, r0 + rows) of Q into `qT` (transposed, times `qFactor`)
    /// and zeroes the padding columns up to `width`.
    @inline(__always)
    func loadQTile(into qT: UnsafeMutablePointer<Float>, batch b: Int, firstHead h: Int, r0: Int, rows: Int, width: Int)
    {
        guard let q else { return }
        for r in 0..<rows {
            let src = q + qRowOffset(batch: b, firstHead: h, row: r0 + r)
            var dst = qT + r
            for d in 0..<dim {
                dst.pointee = src[d] * qFactor
                dst += brPad
            }
        }
        if rows < width {
            for d in 0..<dim {
                (qT + d * brPad + rows).update(repeating: 0, count: width - rows)
            }
        }
    }

    /// Copies stream rows [r0, r0 + rows) of Q row-major into `qRows` (leading dimension
    /// `dim`), times `qFactor`: the layout of the keys-along-lanes decode kernels.
    @inline(__always)
    func loadQRows(into qRows: UnsafeMutablePointer<Float>, batch b: Int, firstHead h: Int, r0: Int, rows: Int) {
        guard let q else { return }
        for r in 0..<rows {
            let src = q + qRowOffset(batch: b, firstHead: h, row: r0 + r), dst = qRows + r * dim
            for d in 0..<dim { dst[d] = src[d] * qFactor }
        }
    }

    /// `applyMask` for a row-major tile (keys along lanes): each row hides a suffix of the
    /// keys, those after its position + offset.
    @inline(__always)
    func applyRowMask(_ s: UnsafeMutablePointer<Float>, ld: Int, r0: Int, rows: Int, k0: Int, keys: Int) {
        for i in 0..<rows {
            let visible = max(0, min(keys, position(ofRow: r0 + i) + causalOffset + 1 - k0))
            if visible < keys { (s + i * ld + visible).update(repeating: -.infinity, count: keys - visible) }
        }
    }

    /// Sets the masked scores of a partially masked tile to −inf.
    ///
    /// Key `k` is hidden from stream row r exactly when ⌊r/g⌋ < k − offset, i.e. when
    /// r < g·(k − offset): for each key the masked rows are a prefix of the tile's rows,
    /// filled in one go.
    @inline(__always)
    func applyMask(_ sT: UnsafeMutablePointer<Float>, ld: Int, r0: Int, rows: Int, k0: Int, keys: Int) {
        for j in 0..<keys {
            let hidden = min(rows, max(0, packed * (k0 + j - causalOffset) - r0))
            if hidden > 0 { (sT + j * ld).update(repeating: -.infinity, count: hidden) }
        }
    }

    /// Rounds a P tile (keys × width, key-major) to the FP8 grid.
    @inline(__always)
    func roundP(_ sT: UnsafeMutablePointer<Float>, ld: Int, keys: Int, width: Int) {
        guard let pRounding else { return }
        let up = F16(repeating: pRounding.format.maxFinite)
        let down = F16(repeating: 1 / pRounding.format.maxFinite)
        for j in 0..<keys {
            var i = 0
            while i < width {
                let p = sT + j * ld + i
                store16(p, pRounding.format.roundToGrid(load16(p) * up) * down)
                i += 16
            }
        }
    }

    /// Writes `oAcc` rows divided by `l` (0 where a row saw no key) to O.
    @inline(__always)
    func storeO(
        from oAcc: UnsafePointer<Float>, l: UnsafePointer<Float>?, batch b: Int, firstHead h: Int,
        r0: Int, rows: Int
    ) {
        guard let o else { return }
        for r in 0..<rows {
            let dst = o + qRowOffset(batch: b, firstHead: h, row: r0 + r)
            let src = oAcc + r * dim
            var factor: Float = 1
            if let l { factor = l[r] > 0 ? 1 / l[r] : 0 }
            for d in 0..<dim { dst[d] = src[d] * factor }
        }
    }
}

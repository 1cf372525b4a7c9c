/// Amax-scaled rounding of float32 data to an FP8 grid, in place ("fake quantization":
/// the values stay float32 but each is `round(x · scale) / scale`).
///
/// Why scale: FP8's range is narrow (E4M3 spans 2⁻⁹…448), so tensors are scaled so that
/// their largest magnitude lands on `maxFinite`, as FP8 training and inference recipes do
/// (FlashAttention-3, Transformer Engine); the scale is stored next to the FP8 data.
public enum FP8Quantizer {
    /// The scale that maps `amax` (the largest magnitude of a block) onto the format's
    /// `maxFinite`: `maxFinite / amax`, or 1 when `amax` is 0 (an all-zero block) or not
    /// finite. A quotient that overflows float32 (`amax` below ~1e-36) is clamped to the
    /// largest finite float, so the scale is always finite and positive.
    public static func scale(forAmax amax: Float, format: FP8Format) -> Float {
        guard amax > 0, amax.isFinite else { return 1 }
        let s = format.maxFinite / amax
        return s.isFinite ? s : .greatestFiniteMagnitude
    }

    /// Rounds the block made of the listed rows (`dim` floats from each offset of
    /// `rowOffsets`) to the FP8 grid in place with one shared scale, and returns it.
    ///
    /// amax is the largest finite magnitude over the block (NaN and ±infinity are left
    /// out of it); then every x becomes `round(x · scale) / scale` with saturation
    /// (±infinity → ±maxFinite / scale, NaN stays NaN). See `scale(forAmax:format:)`.
    /// Rows outside the list are not touched.
    public static func quantizeBlock(
        _ data: UnsafeMutableBufferPointer<Float>, rowOffsets: [Int], dim: Int,
        format: FP8Format
    ) -> Float {
        guard let base = data.baseAddress, dim > 0 else { return 1 }
        var amax: Float = 0
        for offset in rowOffsets {
            precondition(
                offset >= 0 && offset + dim <= data.count, "row \(offset)..<\(offset + dim) outside the buffer")
            amax = max(amax, finiteAmax(UnsafePointer(base + offset), count: dim))
        }
        let s = scale(forAmax: amax, format: format)
        for offset in rowOffsets {
            roundScaled(base + offset, count: dim, scale: s, format: format)
        }
        return s
    }

    /// Rounds a whole tensor to the FP8 grid in place and returns the scale used:
    /// with `scaled` one amax scale for the tensor (`quantizeBlock` over all rows),
    /// without it the values are rounded as they are (scale 1), so magnitudes beyond
    /// `maxFinite` saturate (or, with `saturate: false`, become NaN or ±infinity) and
    /// those below half of `minSubnormal` flush to zero.
    @discardableResult
    public static func quantizeTensor(
        _ t: inout Tensor4, format: FP8Format, scaled: Bool = true,
        saturate: Bool = true
    ) -> Float {
        t.storage.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return 1 }
            let s = scaled ? scale(forAmax: finiteAmax(UnsafePointer(base), count: buf.count), format: format) : 1
            if saturate {
                roundScaled(base, count: buf.count, scale: s, format: format)
            } else {
                for i in 0..<buf.count { buf[i] = format.round(buf[i] * s, saturate: false) / s }
            }
            return s
        }
    }

    /// The float32 values of the FP8 numbers an array of any rank rounds to, in place
    /// (what `attnbench quantize` writes), and the scale used: with `scaled`, one amax
    /// scale for the whole array as in `quantizeBlock` (`x → fp8(x · s) / s`), else
    /// scale 1.
    ///
    /// Each value goes through `decode(encode(x))`, not `round(x)`, so the result is bit
    /// for bit what an FP8 array would hold: a NaN input becomes the FP8 NaN's float32
    /// value (0x7FC00000 with x's sign, as ml_dtypes gives) instead of keeping its payload.
    /// Without `saturate`, overflow gives NaN (E4M3) or ±infinity (E5M2) as the OCP
    /// conversion does.
    @discardableResult
    public static func roundToFP8Values(
        _ values: inout [Float], format: FP8Format, scaled: Bool,
        saturate: Bool = true
    ) -> Float {
        func fp8(_ x: Float) -> Float { format.decode(format.encode(x, saturate: saturate)) }
        guard scaled else {
            for i in values.indices { values[i] = fp8(values[i]) }
            return 1
        }
        let amax = values.withUnsafeBufferPointer { buf in
            buf.baseAddress.map { finiteAmax($0, count: buf.count) } ?? 0
        }
        let s = scale(forAmax: amax, format: format)
        for i in values.indices { values[i] = fp8(values[i] * s) / s }
        return s
    }

    /// The FP8 codes of `values · scale` (what an FP8 tensor would store), one byte per
    /// value; `codes` must hold at least `values.count` bytes.
    public static func encode(
        _ values: UnsafeBufferPointer<Float>, scale: Float, format: FP8Format,
        saturate: Bool = true, into codes: UnsafeMutableBufferPointer<UInt8>
    ) {
        precondition(codes.count >= values.count, "\(codes.count) code bytes for \(values.count) values")
        for i in 0..<values.count { codes[i] = format.encode(values[i] * scale, saturate: saturate) }
    }

    // MARK: - Loops

    /// Largest finite |x| over `count` floats (0 when there is none).
    static func finiteAmax(_ p: UnsafePointer<Float>, count: Int) -> Float {
        var m = SIMD16<Float>(repeating: 0)
        var i = 0
        let limit = SIMD16<Float>(repeating: .greatestFiniteMagnitude)
        while i + 16 <= count {
            let bits = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt32>.self) & 0x7FFF_FFFF
            let v = unsafeBitCast(bits, to: SIMD16<Float>.self)
            // NaN and infinity compare false with `<=`, so they are left out.
            m.replace(with: v, where: (v .<= limit) .& (v .> m))
            i += 16
        }
        var amax = m.max()
        while i < count {
            let v = abs(p[i])
            if v.isFinite && v > amax { amax = v }
            i += 1
        }
        return amax
    }

    /// x ← round(x · scale) / scale (saturating) over `count` floats.
    static func roundScaled(_ p: UnsafeMutablePointer<Float>, count: Int, scale: Float, format: FP8Format) {
        var i = 0
        let up = SIMD16<Float>(repeating: scale)
        while i + 16 <= count {
            let raw = UnsafeMutableRawPointer(p + i)
            let v = raw.loadUnaligned(as: SIMD16<Float>.self)
            raw.storeBytes(of: format.roundToGrid(v * up) / up, as: SIMD16<Float>.self)
            i += 16
        }
        while i < count {
            p[i] = format.round(p[i] * scale) / scale
            i += 1
        }
    }
}

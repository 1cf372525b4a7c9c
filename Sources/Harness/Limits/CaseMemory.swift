import AttentionKernels

/// The memory one case needs while `run` measures it: the plan's footprint (Q, K, V, O,
/// FP8 copies, work buffers), the float64 reference on the rows whose accuracy is checked,
/// and the samples kept for the record.
///
/// It is an estimate from above of the large arrays, made before any of them exists, so
/// that `validate`, `list` and `run` can refuse a case that would not fit (see `MemoryBudget`).
public struct CaseMemory: Equatable, Sendable {
    /// Bytes kept per timed sample (the sample, its counters and its share of run.json).
    public static let bytesPerSample = 256

    /// The plan's footprint (nil when a size overflows; the plan then refuses the case).
    public var plan: AttentionPlan.MemoryFootprint?
    /// The accuracy reference and the samples (nil when they overflow).
    public var reference: Int?
    public var samples: Int?

    /// The sum, or nil when it overflows.
    public var total: Int? {
        guard let plan, let reference, let samples else { return nil }
        return try? CheckedSize.sum(plan.total, reference, samples)
    }

    /// The parts, for messages: `Q, K, V, O 2 TiB, work buffers 25 KiB, …`.
    public var detail: String {
        guard let plan else { return "" }
        var parts = ["Q, K, V, O \(ByteSize.format(plan.tensors))"]
        if plan.preparedInputs > 0 { parts.append("FP8 copies \(ByteSize.format(plan.preparedInputs))") }
        parts.append("work buffers \(ByteSize.format(plan.workspace))")
        if let reference { parts.append("accuracy reference \(ByteSize.format(reference))") }
        if let samples { parts.append("samples \(ByteSize.format(samples))") }
        return parts.joined(separator: ", ")
    }

    /// The estimate for one case sampled at most `maxSamples` times with `counters` counters.
    public init(
        shape s: AttentionShape, options: AttentionOptions, maxSamples: Int, counters: Int = 0,
        accuracyBudget: Int = RunSettings.defaultAccuracyBudget
    ) {
        plan = AttentionPlan.footprint(shape: s, options: options)
        // `ReferenceRows`: `rows` query positions of every (batch, head) as two float32
        // tensors and one float64 result, plus one row of float64 scores.
        let perRow = CheckedSize.productOrNil(2, s.kvLen, s.headDim, s.batch, s.qHeads) ?? Int.max
        let rows = min(s.qLen, max(2, accuracyBudget / max(1, perRow)))
        reference = CheckedSize.productOrNil(16, s.batch, s.qHeads, rows, s.headDim)
            .flatMap { try? CheckedSize.sum($0, CheckedSize.productOrNil(8, s.kvLen) ?? Int.max, 8 * rows) }
        samples = CheckedSize.productOrNil(max(0, maxSamples), Self.bytesPerSample + 16 * max(0, counters))
    }
}

/// A validated attention configuration, ready to run many times.
///
/// Creating a plan checks the shape, head layout, tiles, SRAM capacity and precision
/// options once; `execute` then runs the chosen algorithm with work buffers that are
/// allocated once per plan and reused, so timed calls allocate nothing.
public final class AttentionPlan {
    public let shape: AttentionShape
    public let options: AttentionOptions
    public let layout: HeadLayout
    /// The tile the kernels use.
    public let tile: TileSize
    /// Where `tile` came from.
    public let tileChoice: TileChoice
    /// Softmax scale actually used.
    public let scale: Float
    /// SRAM working set of the tile buffers (see `SRAMBudget.workingSet`).
    public let workingSetBytes: Int
    /// Whether `flash` or `flash-decoding` stacks each GQA group's heads into one Q row stream.
    public let packsGQA: Bool
    /// How `flash-decoding` splits the keys (one split for the other algorithms).
    public let kvSplit: KVSplit

    public enum TileChoice: String, Sendable, Codable {
        case explicit
        case flashAttention1Rule = "fa1-rule"
        case builtInDefault = "default"
    }

    let workspaces: WorkspacePool

    public init(shape: AttentionShape, options: AttentionOptions) throws(AttentionError) {
        if let first = Self.problems(shape: shape, options: options).first { throw first }
        self.layout = try shape.validated()
        (tile, tileChoice) = Self.resolveTile(shape: shape, options: options)
        workingSetBytes = SRAMBudget.workingSet(
            algorithm: options.algorithm, tile: tile,
            headDim: shape.headDim, elementBytes: options.precision.elementBytes)
        self.shape = shape
        self.options = options
        self.scale = options.scale ?? 1 / Float(shape.headDim).squareRoot()
        self.packsGQA = options.algorithm.packsGQAGroups && options.gqaPacking && shape.group > 1
        kvSplit = Self.resolveKVSplit(shape: shape, options: options, tile: tile)
        self.workspaces = WorkspacePool()
    }

    /// How flash-decoding splits the keys for this configuration (one split for the other
    /// algorithms). Sizes too large to count work units in an `Int` ask for one split per
    /// unit of work, which `problems` then refuses anyway.
    static func resolveKVSplit(shape: AttentionShape, options: AttentionOptions, tile: TileSize) -> KVSplit {
        guard options.algorithm == .flashDecoding else { return KVSplit(kvTiles: 1, requested: 1) }
        let packs = options.algorithm.packsGQAGroups && options.gqaPacking && shape.group > 1
        let streams = packs ? shape.kvHeads : shape.qHeads
        let rows = CheckedSize.productOrNil(shape.qLen, packs ? shape.group : 1) ?? Int.max
        let qTiles = rows / max(1, tile.rows) + (rows % max(1, tile.rows) == 0 ? 0 : 1)
        let baseUnits = CheckedSize.productOrNil(shape.batch, streams, qTiles) ?? Int.max
        return KVSplit.resolve(
            requested: options.kvSplits, baseUnits: baseUnits, kvLen: shape.kvLen,
            bc: max(1, tile.cols))
    }

    /// Most worker threads a plan accepts. Far above any core count attnbench is meant
    /// for; it keeps a typo (`--threads 9223372036854775807`) from allocating per-thread
    /// buffers without end.
    public static let maxThreads = 1024

    /// Largest tile side (Br or Bc). Tiles larger than the sequence are allowed (the
    /// kernels clip them), but not so large that tile counts and padding overflow.
    public static let maxTileSide = 1 << 24

    /// Every reason this configuration cannot run, each checked independently (so a
    /// suite validator can report them all at once); empty when it can.
    ///
    /// Sizes are checked too: a configuration whose tensors, FLOPs, working set, modeled
    /// traffic or memory footprint would overflow a 64-bit integer is refused here, so a
    /// plan that exists can compute all of them with plain arithmetic.
    public static func problems(shape: AttentionShape, options: AttentionOptions) -> [AttentionError] {
        var found: [AttentionError] = []
        var shapeValid = true
        do {
            _ = try shape.validated()
        } catch {
            found.append(error)
            shapeValid = false
        }
        if options.threads < 1 || options.threads > maxThreads {
            found.append(
                AttentionError(.option, "threads must be between 1 and \(maxThreads) (got \(options.threads))"))
        }
        if let s = options.scale, !(s.isFinite && s > 0) {
            found.append(AttentionError(.option, "scale must be a positive finite number (got \(s))"))
        }
        if let m = options.sramBytes, m < 1 {
            found.append(AttentionError(.sramCapacity, "SRAM capacity must be positive (got \(m) bytes)"))
        }
        let (tile, choice) = resolveTile(shape: shape, options: options)
        var tileValid = false
        if tile.rows < 1 || tile.cols < 1 {
            found.append(AttentionError(.tile, "tile sizes must be positive (got \(tile))"))
        } else if tile.rows > maxTileSide || tile.cols > maxTileSide {
            let origin =
                choice == .explicit
                ? "" : " (FlashAttention-1's rule for \(SRAMBudget.formatSize(options.sramBytes ?? 0)) of SRAM)"
            found.append(
                AttentionError(.tile, "tile \(tile)\(origin) is too large: each side must be at most \(maxTileSide)"))
        } else {
            tileValid = true
            if let m = options.sramBytes, choice == .explicit, shape.headDim > 0 {
                let ws = SRAMBudget.workingSet(
                    algorithm: options.algorithm, tile: tile, headDim: shape.headDim,
                    elementBytes: options.precision.elementBytes)
                if ws > m {
                    found.append(
                        AttentionError(
                            .sramCapacity,
                            capacityMessage(
                                tile: tile, shape: shape, options: options,
                                workingSet: ws, capacity: m)))
                }
            }
        }
        if let n = options.kvSplits {
            if n < 1 {
                found.append(AttentionError(.option, "kv_splits must be at least 1 (got \(n))"))
            } else if options.algorithm != .flashDecoding {
                found.append(
                    AttentionError(
                        .option,
                        "kv_splits applies to flash-decoding only (algorithm is \(options.algorithm.rawValue))"))
            }
        }
        if options.incoherent && shape.headDim > 0 && (shape.headDim & (shape.headDim - 1)) != 0 {
            found.append(
                AttentionError(
                    .precision,
                    "incoherent processing needs head_dim to be a power of two (got \(shape.headDim)): the Hadamard transform is defined for 2^k only"
                ))
        }
        if options.incoherent && !options.precision.isFP8 {
            found.append(
                AttentionError(
                    .precision,
                    "incoherent processing applies to FP8 precisions only (precision is \(options.precision.rawValue))")
            )
        }
        if shapeValid && tileValid, let tooLarge = sizeProblem(shape: shape, options: options, tile: tile) {
            found.append(tooLarge)
        }
        return found
    }

    /// The explicit tile, FlashAttention-1's rule when an SRAM size is set, else 64x64.
    static func resolveTile(shape: AttentionShape, options: AttentionOptions) -> (TileSize, TileChoice) {
        if let t = options.tile { return (t, .explicit) }
        if let m = options.sramBytes {
            return (
                SRAMBudget.flashAttention1Tile(
                    sramBytes: m, headDim: max(1, shape.headDim),
                    elementBytes: options.precision.elementBytes), .flashAttention1Rule
            )
        }
        return (.defaultTile, .builtInDefault)
    }

    static func capacityMessage(
        tile: TileSize, shape: AttentionShape, options: AttentionOptions,
        workingSet: Int, capacity: Int
    ) -> String {
        let d = shape.headDim, e = options.precision.elementBytes, br = tile.rows, bc = tile.cols
        func bytes(_ factors: Int...) -> String { CheckedSize.productOrNil(factors).map(String.init) ?? "over 2^63" }
        let total = workingSet == Int.max ? "over 2^63" : "\(workingSet)"
        return "tile \(tile) does not fit SRAM of \(SRAMBudget.formatSize(capacity)) (\(capacity) bytes): "
            + "working set is \(total) bytes for \(options.algorithm.rawValue) at head_dim \(d), \(e)-byte elements "
            + "(Q \(bytes(br, d, e)) + K \(bytes(bc, d, e)) + V \(bytes(bc, d, e)) + S/P \(bytes(br, bc, 4)) + O \(bytes(br, d, 4)) + m,l \(bytes(2, br, 4))"
            + (options.algorithm.isFused ? ")" : "; materialized kernels hold the larger of their two matmul phases)")
    }

    /// A zero tensor shaped like the output, `[B, Hq, Lq, D]`.
    public func makeOutput() -> Tensor4 {
        Tensor4(batch: shape.batch, heads: shape.qHeads, length: shape.qLen, dim: shape.headDim)
    }

    /// Checks that Q, K and V have this plan's shape.
    public func checkInputs(q: Tensor4, k: Tensor4, v: Tensor4) throws(AttentionError) {
        let s = shape
        func check(_ name: String, _ t: Tensor4, _ h: Int, _ l: Int) throws(AttentionError) {
            guard t.batch == s.batch, t.heads == h, t.length == l, t.dim == s.headDim else {
                throw AttentionError(
                    .shape, "\(name) has shape \(t.shape), expected [\(s.batch), \(h), \(l), \(s.headDim)]")
            }
        }
        try check("Q", q, s.qHeads, s.qLen)
        try check("K", k, s.kvHeads, s.kvLen)
        try check("V", v, s.kvHeads, s.kvLen)
    }

    /// Runs attention on prepared inputs, writing O into `output` (shaped as
    /// `makeOutput()`), and returns the traffic ledger the kernel recorded. Refuses inputs
    /// prepared for another shape and an output of the wrong shape (O(1) checks: tensors
    /// cannot hold fewer values than their shape says).
    @discardableResult
    public func execute(
        _ inputs: PreparedInputs, into output: inout Tensor4,
        observer: WorkerObserver? = nil
    ) throws(AttentionError) -> TrafficLedger {
        try checkCall(inputs, output)
        var ledger = TrafficLedger()
        run(inputs, into: &output, observer: observer, recorder: &ledger)
        ledger.flops = shape.nominalFlops(causal: options.causal)
        ledger.sramPeakBytes = workingSetBytes
        return ledger
    }

    /// Runs attention without recording traffic (to show what the ledger costs); refuses
    /// what `execute` refuses.
    public func executeUnrecorded(
        _ inputs: PreparedInputs, into output: inout Tensor4,
        observer: WorkerObserver? = nil
    ) throws(AttentionError) {
        try checkCall(inputs, output)
        var none = NoTraffic()
        run(inputs, into: &output, observer: observer, recorder: &none)
    }

    /// The checks between the public API and the unsafe kernels: Q, K, V and O have this
    /// plan's shapes.
    func checkCall(_ inputs: PreparedInputs, _ output: Tensor4) throws(AttentionError) {
        try checkInputs(q: inputs.q, k: inputs.k, v: inputs.v)
        let s = shape
        guard output.batch == s.batch, output.heads == s.qHeads, output.length == s.qLen, output.dim == s.headDim else {
            throw AttentionError(
                .shape,
                "output has shape \(output.shape), expected [\(s.batch), \(s.qHeads), \(s.qLen), \(s.headDim)] (use makeOutput())"
            )
        }
    }

    /// One-shot convenience: prepares the inputs (FP8 rounding, incoherent processing)
    /// and runs the plan.
    public static func compute(q: Tensor4, k: Tensor4, v: Tensor4, options: AttentionOptions) throws(AttentionError)
        -> Tensor4
    {
        let shape = AttentionShape(
            batch: q.batch, qHeads: q.heads, kvHeads: k.heads,
            qLen: q.length, kvLen: k.length, headDim: q.dim)
        let plan = try AttentionPlan(shape: shape, options: options)
        let prepared = try plan.prepare(q: q, k: k, v: v)
        var out = plan.makeOutput()
        try plan.execute(prepared, into: &out)
        return out
    }
}

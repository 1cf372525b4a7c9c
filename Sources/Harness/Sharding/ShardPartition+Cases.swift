import AttentionKernels

extension ShardPartition {
    /// The partition of a run's selected `cases` into `count` shards, by `ShardCost`.
    public init(cases: [SuiteCase], count: Int, cost: ShardCost) {
        self.init(cases.map { (id: $0.id, cost: cost.seconds(of: $0)) }, count: count)
    }

    /// The cases of `shard`, in their original order.
    public func cases(_ cases: [SuiteCase], in shard: RunShard) -> [SuiteCase] {
        positions(in: shard).compactMap { $0 < cases.count ? cases[$0] : nil }
    }
}

/// The estimated cost of one case for splitting a run into shards, in seconds.
///
/// It must come out the same on every machine, or two shards could disagree on who takes
/// a case. `CaseCostModel` reads modeled bytes from a plan whose tiles can follow this
/// machine's L2 (`profile: host`); this estimate uses the case's parameters only: nominal
/// FLOPs, the compulsory bytes of Q, K, V and O (K and V re-read per Q tile of 64 rows or
/// the explicit tile), plus the S and P matrices that `three-pass` and `online`
/// materialize, as a roofline at `CaseCostModel`'s fixed speeds; a sample lasts at least
/// the default minimum sample time (short calls are batched); times the warm-up and the
/// samples the suite's `measure` block would take; plus the float64 reference (about 10⁹
/// multiply-adds per second, capped by the default accuracy budget). Arithmetic is in
/// Double, so no size can overflow.
///
/// It reads nothing from the command line: `--quick` and `--min-sample-time` change how
/// long a shard takes, not which cases it takes, so a shard run with other options still
/// splits the suite the same way (`merge` refuses shards whose options differ anyway).
public struct ShardCost: Sendable {
    public var model: CaseCostModel
    public var policy: SamplingPolicy
    /// Shortest sample, seconds (`RunSettings`' default).
    public var minSampleTime: Double
    /// Reference multiply-adds allowed per case (`RunSettings`' default).
    public var accuracyBudget: Int

    /// The cost of cases measured as the suite's `measure` block says (never its quick form).
    public init(measure: MeasureSpec) {
        self.init(policy: measure.samplingPolicy)
    }

    public init(
        policy: SamplingPolicy, minSampleTime: Double = 0.005, accuracyBudget: Int = 300_000_000,
        model: CaseCostModel = CaseCostModel()
    ) {
        self.model = model
        self.policy = policy
        self.minSampleTime = minSampleTime
        self.accuracyBudget = accuracyBudget
    }

    /// Seconds one case is expected to take, warm-up, samples and reference included.
    public func seconds(of c: SuiteCase) -> Double {
        let p = c.parameters
        let b = Double(p.batch), hq = Double(p.heads), hkv = Double(p.kvHeads)
        let lq = Double(p.seqLen), lk = Double(p.kvLen), d = Double(p.headDim)
        let macs = b * hq * lq * lk * d * (p.causal ? 1 : 2)
        let flops = 2 * macs
        let e: Double = p.precision == "fp32" ? 4 : 1
        let rowsPerTile = Double(p.tile.flatMap { $0.split(separator: "x").first.flatMap { Int($0) } } ?? 64)
        let qTiles = (lq / max(1, rowsPerTile)).rounded(.up)
        var bytes = b * (hq * lq * d * (e + 4) + 2 * hkv * lk * d * e * qTiles)
        switch p.algorithm {
        case "three-pass": bytes += 6 * b * hq * lq * lk * 4
        case "online": bytes += 5 * b * hq * lq * lk * 4
        default: break
        }
        let perCall = max(
            flops / (model.flopsPerSecondPerThread * Double(max(1, p.threads))),
            bytes / model.bytesPerSecond)
        let perSample = max(perCall, minSampleTime)
        let samples = policy.expectedSamples(secondsPerCall: perSample)
        let reference = min(macs, Double(accuracyBudget)) / 1e9
        return Double(policy.warmup + samples) * perSample + reference
    }
}

import AttentionKernels
import Counters

/// Several kernel configurations timed side by side on one shape and the same inputs
/// (what `attnbench speed` prints): interleaved rounds of one call each, so drift of the
/// machine spreads over every configuration, and the median per configuration.
public struct SpeedComparison {
    /// One configuration's result.
    public struct Row {
        public let plan: AttentionPlan
        /// Median wall time of one call, with the traffic ledger recorded, ns.
        public let medianNs: Double
        /// Nominal FLOPs (FlashAttention's count) per median time.
        public let gflops: Double
        /// Largest |O − reference| on the checked rows.
        public let maxAbsError: Double
        /// Query rows the error was measured on.
        public let checkedRows: Int
        /// Median wall time without the ledger, ns (when asked for).
        public let unrecordedMedianNs: Double?
    }

    public let shape: AttentionShape
    public let plans: [AttentionPlan]
    /// Timed calls per configuration.
    public var repeats: Int
    /// Also time each configuration without its traffic ledger.
    public var ledgerCost: Bool
    /// Multiply-adds of float64 reference allowed: up to 2·10⁹ (4 nominal GFLOP) every
    /// query row is checked, beyond that evenly spaced rows.
    public var accuracyBudget: Int

    /// Plans for `shape` under each of `variants`; throws the first configuration that cannot run.
    public init(
        shape: AttentionShape, variants: [AttentionOptions], repeats: Int = 5, ledgerCost: Bool = false,
        accuracyBudget: Int = 2_000_000_000
    ) throws(AttentionError) {
        self.shape = shape
        var plans: [AttentionPlan] = []
        for options in variants { plans.append(try AttentionPlan(shape: shape, options: options)) }
        self.plans = plans
        self.repeats = repeats
        self.ledgerCost = ledgerCost
        self.accuracyBudget = accuracyBudget
    }

    /// Bytes `run` allocates (an estimate from above; nil when it overflows): Q, K and V
    /// once, each configuration's output, FP8 copies and work buffers, and the float64
    /// reference of the checked rows.
    public var memoryNeeded: Int? {
        let s = shape
        guard let q = CheckedSize.productOrNil(4, s.batch, s.qHeads, s.qLen, s.headDim),
            let kv = CheckedSize.productOrNil(8, s.batch, s.kvHeads, s.kvLen, s.headDim)
        else { return nil }
        var total = q + kv
        for plan in plans {
            guard let f = AttentionPlan.footprint(shape: s, options: plan.options),
                let sum = try? CheckedSize.sum(total, q, f.preparedInputs, f.workspace)
            else { return nil }
            total = sum
        }
        let reference = CaseMemory(
            shape: s, options: plans.first?.options ?? AttentionOptions(), maxSamples: repeats,
            accuracyBudget: accuracyBudget)
        guard let refs = reference.reference, let timings = reference.samples else { return nil }
        return try? CheckedSize.sum(total, CheckedSize.productOrNil(2, refs) ?? Int.max, timings)
    }

    /// Draws the inputs (seed 1, standard normal), checks every configuration against the
    /// float64 reference once, warms each up, then times `repeats` interleaved rounds.
    public func run() throws(AttentionError) -> [Row] {
        let inputs = CaseInputs(shape: shape, distribution: .standard, seed: 1)
        var references: [AccuracyReference] = []
        var executions: [CaseExecution] = []
        var unrecorded: [[Double]] = Array(repeating: [], count: plans.count)
        for plan in plans {
            let reference: AccuracyReference
            if let known = references.first(where: { $0.matches(plan) }) {
                reference = known
            } else {
                reference = AccuracyReference(
                    inputs, causal: plan.options.causal, scale: plan.scale, budget: accuracyBudget)
                references.append(reference)
            }
            let e = try CaseExecution(plan: plan, inputs: inputs, reference: reference)
            try e.warmUp(1, minSampleTime: 0, observer: nil)
            executions.append(e)
        }
        for _ in 0..<max(1, repeats) {
            for (i, e) in executions.enumerated() {
                try e.takeSample(counters: nil, observer: nil, recordingTraffic: true)
                if ledgerCost {
                    let t0 = ProcessResources.now()
                    try e.plan.executeUnrecorded(e.prepared, into: &e.output)
                    unrecorded[i].append(Double(ProcessResources.now().delta(since: t0).wallNanoseconds))
                }
            }
        }
        return executions.enumerated().map { i, e in
            let median = Quantile.median(e.samples.map { Double($0.wallNs) })
            let flops = Double(shape.nominalFlops(causal: e.plan.options.causal))
            return Row(
                plan: e.plan, medianNs: median, gflops: flops / median, maxAbsError: e.accuracy.maxAbsError,
                checkedRows: e.accuracyRows, unrecordedMedianNs: ledgerCost ? Quantile.median(unrecorded[i]) : nil)
        }
    }
}

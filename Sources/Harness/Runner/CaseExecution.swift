import AttentionKernels
import Counters

/// One kernel configuration made ready to sample: the plan built and its inputs
/// prepared, accuracy and the traffic ledger taken from an untimed first call.
final class CaseExecution {
    let plan: AttentionPlan
    let prepared: PreparedInputs
    var output: Tensor4
    let ledger: TrafficLedger
    let accuracy: AccuracyMetrics
    /// Query rows the accuracy was measured on (all rows when affordable).
    let accuracyRows: Int
    var samples: [Sample] = []
    var elapsed: Double = 0
    var warmedUp = false
    var before: ProcessResources?
    var after: ProcessResources?

    /// `plan` on `inputs`, its accuracy measured against `reference`.
    init(plan: AttentionPlan, inputs: CaseInputs, reference: AccuracyReference) throws(AttentionError) {
        self.plan = plan
        prepared = try plan.prepare(q: inputs.q, k: inputs.k, v: inputs.v)
        output = plan.makeOutput()
        ledger = try plan.execute(prepared, into: &output)
        accuracyRows = reference.positions.count
        accuracy = reference.metrics(of: output)
    }

    /// A suite case: its inputs drawn from its distribution and seed, its accuracy checked
    /// on as many rows as `accuracyBudget` multiply-adds of float64 reference allow.
    convenience init(_ suiteCase: SuiteCase, accuracyBudget: Int) throws(AttentionError) {
        let inputs = CaseInputs(
            shape: suiteCase.shape, distribution: suiteCase.distribution,
            seed: suiteCase.parameters.seed)
        let plan = try suiteCase.makePlan()
        let reference = AccuracyReference(
            inputs, causal: plan.options.causal, scale: plan.scale, budget: accuracyBudget)
        try self.init(plan: plan, inputs: inputs, reference: reference)
    }

    /// Calls per sample: enough back-to-back calls to last `minSampleTime`.
    var callsPerSample = 1

    /// Untimed calls; the fastest one's duration sets how many calls a sample batches.
    /// Short calls get a few extra warm-up calls, so that one call preempted by another
    /// process (a loaded machine) does not switch batching off. (Calls throw only for
    /// shapes `init` already checked, so in practice never.)
    func warmUp(_ count: Int, minSampleTime: Double, observer: WorkerObserver?) throws(AttentionError) {
        var fastest = Double.infinity
        var calls = 0
        while calls < max(1, count) || (calls < 5 && fastest < minSampleTime) {
            let t0 = ProcessResources.now()
            try plan.executeUnrecorded(prepared, into: &output, observer: observer)
            fastest = min(fastest, Double(ProcessResources.now().delta(since: t0).wallNanoseconds) / 1e9)
            calls += 1
        }
        callsPerSample = fastest > 0 ? min(10_000, max(1, Int((minSampleTime / fastest).rounded(.up)))) : 1
        warmedUp = true
    }

    /// One timed sample of `callsPerSample` calls: wall and CPU time from the OS and
    /// counters summed over workers, all divided by the number of calls. With
    /// `recordingTraffic` the calls also fill the traffic ledger (to show what it costs).
    func takeSample(
        counters: ThreadCounters?, observer: WorkerObserver?,
        recordingTraffic: Bool = false
    ) throws(AttentionError) {
        let n = callsPerSample
        counters?.reset()
        let start = ProcessResources.now()
        if before == nil { before = start }
        if recordingTraffic {
            for _ in 0..<n { try plan.execute(prepared, into: &output, observer: observer) }
        } else {
            for _ in 0..<n { try plan.executeUnrecorded(prepared, into: &output, observer: observer) }
        }
        let end = ProcessResources.now()
        after = end
        let d = end.delta(since: start)
        let perCall = (counters?.read() ?? [:]).mapValues { $0 / Int64(n) }
        samples.append(
            Sample(
                wallNs: Int64(d.wallNanoseconds) / Int64(n), cpuNs: Int64(d.cpuNanoseconds) / Int64(n),
                counters: perCall, calls: n > 1 ? n : nil))
        elapsed += Double(d.wallNanoseconds) / 1e9
    }
}

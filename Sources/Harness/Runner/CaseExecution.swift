import AttentionKernels
import Counters
import Dispatch

/// One case of attnbench's own kernels made ready to sample: inputs generated once, the
/// plan built and its inputs prepared, accuracy and the traffic ledger taken from an
/// untimed first call.
final class CaseExecution: CaseSampler {
    let suiteCase: SuiteCase
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

    init(_ suiteCase: SuiteCase, accuracyBudget: Int) throws(AttentionError) {
        self.suiteCase = suiteCase
        let s = suiteCase.shape
        let (q, k, v) = suiteCase.inputs()
        plan = try suiteCase.makePlan()
        prepared = try plan.prepare(q: q, k: k, v: v)
        output = plan.makeOutput()
        ledger = plan.execute(prepared, into: &output)
        let positions = ReferenceRows.positions(shape: s, budget: accuracyBudget)
        accuracyRows = positions.count
        accuracy = ReferenceRows.metrics(output: output, q: q, k: k, v: v, causal: plan.options.causal,
                                         scale: Double(plan.scale), positions: positions)
    }

    /// Calls per sample: enough back-to-back calls to last `minSampleTime`.
    var callsPerSample = 1

    /// Untimed calls; the fastest one's duration sets how many calls a sample batches.
    /// Short calls get a few extra warm-up calls, so that one call preempted by another
    /// process (a loaded machine) does not switch batching off.
    func warmUp(_ count: Int, minSampleTime: Double, observer: WorkerObserver?) {
        var fastest = Double.infinity
        var calls = 0
        while calls < max(1, count) || (calls < 5 && fastest < minSampleTime) {
            let t0 = ProcessResources.now()
            plan.executeUnrecorded(prepared, into: &output, observer: observer)
            fastest = min(fastest, Double(ProcessResources.now().delta(since: t0).wallNanoseconds) / 1e9)
            calls += 1
        }
        callsPerSample = fastest > 0 ? min(10_000, max(1, Int((minSampleTime / fastest).rounded(.up)))) : 1
        warmedUp = true
    }

    /// One timed sample of `callsPerSample` calls: wall and CPU time from the OS and
    /// counters summed over workers, all divided by the number of calls.
    func takeSample(_ context: SampleContext) {
        let n = callsPerSample
        context.counters?.reset()
        let start = ProcessResources.now()
        if before == nil { before = start }
        for _ in 0..<n { plan.executeUnrecorded(prepared, into: &output, observer: context.observer) }
        let end = ProcessResources.now()
        after = end
        let d = end.delta(since: start)
        let perCall = (context.counters?.read() ?? [:]).mapValues { $0 / Int64(n) }
        samples.append(Sample(wallNs: Int64(d.wallNanoseconds) / Int64(n), cpuNs: Int64(d.cpuNanoseconds) / Int64(n),
                              counters: perCall, calls: n > 1 ? n : nil, round: context.round,
                              startNs: Int64(start.wallNanoseconds) - Int64(context.runStart)))
        elapsed += Double(d.wallNanoseconds) / 1e9
    }

    func record(counterNames: [String]) -> CaseRecord {
        CaseRecord(finished: self, counterNames: counterNames)
    }

    func release() {}
}

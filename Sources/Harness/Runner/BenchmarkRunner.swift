import AttentionKernels
import Counters
import Foundation

/// Runs the cases of one expanded suite, one timed case at a time, and produces its
/// run record.
///
/// For each case: inputs are generated once, accuracy against the float64 reference and
/// the traffic ledger come from one untimed call, then `warmup` untimed calls, then timed
/// samples until the sampling policy is satisfied. With interleaving, cases are sampled
/// in seeded, shuffled rounds (one sample per case per round) so that slow drift of the
/// machine spreads over every variant. After every finished case the record is handed to
/// `sink` (marked partial), so an interrupted or killed run keeps what it finished.
public final class BenchmarkRunner {
    public let suite: ExpandedSuite
    public let settings: RunSettings
    let stop: StopSignal
    let progress: RunProgress
    let counterSession: CounterSession
    /// Simulated counters to take for each case (set before `start`); nil: none requested.
    public var simulation: SimulationSetup?
    /// Runs each finished case once more under callgrind; made by `start` from `simulation`.
    public private(set) var simulator: CaseSimulator?

    public init(
        suite: ExpandedSuite, settings: RunSettings, stop: StopSignal, progress: RunProgress,
        counterSession: CounterSession
    ) {
        self.suite = suite
        self.settings = settings
        self.stop = stop
        self.progress = progress
        self.counterSession = counterSession
    }

    /// The cases this run takes (see `RunSettings.selectCases(from:)`).
    public func selectedCases() throws(RunnerError) -> [SuiteCase] {
        try settings.selectCases(from: suite)
    }

    /// Makes a run of `file` ready: selects the cases first (a bad filter throws before
    /// anything is written), then creates the run directory under `results`, then the
    /// record's header.
    public func start(_ file: RunnableSuite, under results: URL, at date: Date = Date()) throws(RunnerError) -> RunStart
    {
        let cases = try selectedCases()
        let directory = try RunDirectory.create(under: results, suite: file.name, startedAt: date)
        var record = RunRecord.starting(file, settings: settings, counters: counterSession, at: date)
        if settings.accuracyBudget != RunSettings.defaultAccuracyBudget {
            record.notes.append(
                "accuracy is checked on up to \(settings.accuracyBudget) multiply-adds of float64 reference per case "
                    + "(\(RunSettings.accuracyBudgetVariable); the default is \(RunSettings.defaultAccuracyBudget)): "
                    + "on a sample of query rows for large cases")
        }
        if let simulation {
            record.counters = simulation.availability(session: counterSession)
            record.simulation = simulation.source
            simulator = CaseSimulator(setup: simulation, runDirectory: directory)
        }
        return RunStart(cases: cases, directory: directory, record: record)
    }

    /// Selects the cases and runs them (see `run(_:record:sink:)`). Throws only for a bad filter.
    ///
    /// Cases of other implementations (`implementation` other than attnbench) go to their
    /// providers through `ProviderPool`; they are sampled, interleaved, summarized and
    /// interrupted exactly like attnbench's own.
    public func run(record start: RunRecord, sink: (RunRecord) throws -> Void) throws -> RunRecord {
        try run(try selectedCases(), record: start, sink: sink)
    }

    /// Runs `cases` (from `selectedCases()`) into `start`'s record; `sink` receives the
    /// record after every finished case. The returned record has `finishedAt` set and is
    /// partial only when the run was interrupted. Rethrows what `sink` throws.
    public func run(_ cases: [SuiteCase], record start: RunRecord, sink: (RunRecord) throws -> Void) throws -> RunRecord
    {
        var record = start
        record.partial = true  // until the last case is in
        let counters = counterSession.collected.isEmpty ? nil : counterSession.makeThreadCounters()
        let observer: WorkerObserver? = counters
        record.harnessOverheadNs = Self.measureOverhead(counters: counters, observer: observer)
        if cases.isEmpty { record.notes.append("no case matched the filter/shard") }
        let policy = settings.policy(suite.suite.measure)
        let interleave = settings.interleave ?? suite.suite.measure.interleave
        let costs = cases.map { Double($0.shape.nominalFlops(causal: false)) + 1 }
        let totalCost = costs.reduce(0, +)
        let stop = self.stop
        let providers = ProviderPool(suite: suite.suite, timeout: settings.providerTimeout) { stop.isRequested }
        defer { providers.close() }
        let runStart = ProcessResources.now().wallNanoseconds
        func context(round: Int?) -> SampleContext {
            SampleContext(counters: counters, observer: observer, round: round, runStart: runStart)
        }

        func finish(_ e: CaseSampler, _ index: Int) throws {
            var rec = e.record(counterNames: counterSession.collected)
            rec.host = record.environment.host
            if let note = simulator?.simulate(cases[index], into: &rec, stop: stop, progress: progress) {
                record.notes.append(note)
            }
            simulator?.recordAvailability(in: &record)
            e.release()
            record.cases.append(rec)
            record.providers = providers.records
            progress.caseFinished(
                index + 1, of: cases.count, id: e.suiteCase.id,
                medianNs: rec.statistics["wall_ns"]?.median, samples: e.samples.count)
            try sink(record)
        }
        /// Records a case that has no measurement (unless the run is being interrupted).
        func notRun(_ c: SuiteCase, _ index: Int, _ why: CaseNotRun) throws {
            let status: CaseStatus, reason: String
            switch why {
            case .stopped: return
            case .failed(let text): (status, reason) = (.failed, text)
            case .skipped(let text): (status, reason) = (.skipped, text)
            }
            if stop.isRequested { return }
            record.cases.append(
                CaseRecord(
                    id: c.id, parameters: c.parameters, layout: c.layout.name, status: status,
                    reason: reason, host: record.environment.host))
            if status == .failed { record.notes.append("case \(c.id) failed: \(reason)") }
            record.providers = providers.records
            progress.caseNotRun(index + 1, of: cases.count, id: c.id, status: status.rawValue, reason: reason)
            try sink(record)
        }
        func prepare(_ c: SuiteCase, _ index: Int) throws -> CaseSampler? {
            do throws(CaseNotRun) {
                let e: CaseSampler
                if c.parameters.isBuiltIn {
                    do {
                        e = try BuiltInCase(c, accuracyBudget: settings.accuracyBudget)
                    } catch {
                        throw CaseNotRun.failed(error.message)
                    }
                } else {
                    e = try providers.execution(for: c, accuracyBudget: settings.accuracyBudget)
                }
                do throws(CaseNotRun) {
                    try e.warmUp(policy.warmup, minSampleTime: settings.minSampleTime, observer: observer)
                } catch {
                    e.release()
                    throw error
                }
                return e
            } catch {
                try notRun(c, index, error)
                return nil
            }
        }

        if interleave {
            var live: [(Int, CaseSampler)] = []
            for (i, c) in cases.enumerated() where !stop.isRequested {
                progress.caseStarted(i + 1, of: cases.count, id: c.id, costDone: 0, costTotal: totalCost)
                if let e = try prepare(c, i) { live.append((i, e)) }
            }
            var rng = Xoshiro256StarStar(seed: settings.caseOrderSeed ?? settings.seed ?? 0x1A7E_41EA, stream: 7)
            var round = 0
            while !live.isEmpty && !stop.isRequested {
                live = InterleavedOrder.round(
                    live, implementation: { $0.1.suiteCase.parameters.implementation }, using: &rng)
                var next: [(Int, CaseSampler)] = []
                for (i, e) in live {
                    if stop.isRequested { break }
                    do throws(CaseNotRun) {
                        try e.takeSample(context(round: round))
                    } catch {
                        e.release()
                        try notRun(e.suiteCase, i, error)
                        continue
                    }
                    if policy.decision(taken: e.samples.count, elapsed: e.elapsed) == .takeSample {
                        next.append((i, e))
                    } else {
                        try finish(e, i)
                    }
                }
                live = stop.isRequested ? [] : next
                round += 1
            }
        } else {
            var done = 0.0
            cases: for (i, c) in cases.enumerated() {
                if stop.isRequested { break }
                progress.caseStarted(i + 1, of: cases.count, id: c.id, costDone: done, costTotal: totalCost)
                done += costs[i]
                guard let e = try prepare(c, i) else { continue }
                while !stop.isRequested && policy.decision(taken: e.samples.count, elapsed: e.elapsed) == .takeSample {
                    do throws(CaseNotRun) {
                        try e.takeSample(context(round: nil))
                    } catch {
                        e.release()
                        try notRun(c, i, error)
                        continue cases
                    }
                }
                if stop.isRequested { break }
                try finish(e, i)
            }
        }
        // Interleaved cases finish in any order; records keep the order the cases were taken in.
        let order = Dictionary(cases.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let earlier = start.cases.count
        record.cases =
            Array(record.cases.prefix(earlier))
            + record.cases.dropFirst(earlier).sorted { (order[$0.id] ?? 0) < (order[$1.id] ?? 0) }
        let ran = record.cases.count - earlier
        if stop.isRequested || ran < cases.count {
            record.partial = true
            if let sig = stop.received {
                record.notes.append(
                    "interrupted by signal \(sig) after \(ran) of \(cases.count) cases; unfinished cases are not recorded"
                )
            }
        } else {
            record.partial = false
        }
        counters?.close()
        providers.close()
        record.providers = providers.records
        record.finishedAt = RunTimestamp.iso8601(Date())
        return record
    }

    /// Per-sample cost of the harness itself: two resource snapshots, a counter reset and
    /// read, and the observer calls, around an empty body (median of 200).
    static func measureOverhead(counters: ThreadCounters?, observer: WorkerObserver?) -> Double {
        var times: [Double] = []
        for _ in 0..<200 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            counters?.reset()
            let a = ProcessResources.now()
            observer?.workerWillBegin(0)
            observer?.workerDidEnd(0)
            let b = ProcessResources.now()
            _ = counters?.read()
            _ = b.delta(since: a)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0))
        }
        times.sort()
        return times[times.count / 2]
    }
}

import Foundation

/// `run --invocations N` (or a suite's `measure.invocations`): the suite runs as N fresh
/// child processes of the same attnbench, each taking every selected case in its own
/// seeded order; their samples are combined into one record with hierarchical statistics.
///
/// Simulated counters (`sim::…`) count instructions and simulated cache misses, which are
/// the same in every process: the children do not simulate, and this (the parent) process
/// runs each case once under callgrind after the last invocation (`simulator`).
public struct MultiInvocationRun {
    /// Seed of the case orders when the run has no `--seed`.
    public static let defaultSeed: UInt64 = 0x1AB0_CA71

    public let suite: RunnableSuite
    public let settings: RunSettings
    public let invocations: Int
    /// The child's command line (`InvocationCommand.run(executable: …)` of this binary).
    public let command: InvocationCommand
    /// Simulates each case once after the invocations (`BenchmarkRunner.start` makes it
    /// when the run asks for `sim::` counters); nil: no simulation.
    public var simulator: CaseSimulator?

    public init(suite: RunnableSuite, settings: RunSettings, invocations: Int, command: InvocationCommand) {
        self.suite = suite
        self.settings = settings
        self.invocations = invocations
        self.command = command
    }

    /// Runs the invocations for a run made ready by `BenchmarkRunner.start` (its cases give
    /// the record's case order, its header stands in when no invocation leaves a record,
    /// and its counter and simulation blocks are the run's when it simulates). `sink` gets
    /// the combined record, partial, after every invocation and every simulated case; the
    /// finished record is returned for the caller to write. On a failed child the record
    /// so far goes to `sink` (partial) before the error is rethrown.
    public func run(
        _ start: RunStart, stop: StopSignal, progress: RunProgress,
        sink: (RunRecord) throws -> Void
    ) throws -> RunRecord {
        let series = InvocationSeries(
            suiteName: suite.name, sides: [.init(name: "run", command: command)],
            rounds: invocations, seed: settings.seed ?? Self.defaultSeed)
        var finished: [FinishedInvocation] = []
        func combined(final: Bool, interrupted: Bool) -> RunRecord {
            var record =
                RunRecord.combining(
                    finished, requested: invocations, caseOrder: start.cases.map(\.id),
                    fallback: start.record, startedAt: start.record.startedAt,
                    finishedAt: final ? RunTimestamp.iso8601(Date()) : nil,
                    interrupted: interrupted) ?? start.record
            if simulator != nil {
                // The children counted only the hardware events; the run asked for more.
                record.counters = start.record.counters
                record.simulation = start.record.simulation
            }
            return record
        }
        let outcome: InvocationSeries.Outcome
        do {
            outcome = try series.run(stop: stop, progress: progress) { _, invocation in
                finished.append(invocation)
                try sink(combined(final: false, interrupted: false))
            }
        } catch {
            var record = combined(final: true, interrupted: true)
            record.notes.append("stopped after \(finished.count) of \(invocations) invocations: \(error)")
            try? sink(record)
            throw error
        }
        var record = combined(final: true, interrupted: outcome.interrupted)
        if outcome.interrupted {
            let complete = finished.filter(\.info.complete).count
            record.notes.append(
                "interrupted by signal \(stop.received ?? SIGINT) after \(complete) of \(invocations) "
                    + "invocations; the finished cases of an interrupted invocation are kept")
        } else if let simulator {
            try simulate(&record, with: simulator, cases: start.cases, stop: stop, progress: progress, sink: sink)
        }
        record.finishedAt = RunTimestamp.iso8601(Date())
        return record
    }

    /// Each measured case once under callgrind, the record handed to `sink` after each. A
    /// stop request ends the simulations; the record is then partial and says which cases
    /// have no simulated counts.
    private func simulate(
        _ record: inout RunRecord, with simulator: CaseSimulator, cases: [SuiteCase],
        stop: StopSignal, progress: RunProgress, sink: (RunRecord) throws -> Void
    ) throws {
        let byID = Dictionary(cases.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for i in record.cases.indices {
            if stop.isRequested {
                record.partial = true
                record.notes.append(
                    "interrupted by signal \(stop.received ?? SIGINT) while simulating: the last "
                        + "\(record.cases.count - i) of \(record.cases.count) cases have no simulated counts")
                return
            }
            guard let suiteCase = byID[record.cases[i].id] else { continue }
            if let note = simulator.simulate(suiteCase, into: &record.cases[i], stop: stop, progress: progress) {
                record.notes.append(note)
            }
            simulator.recordAvailability(in: &record)
            record.partial = true
            try sink(record)
            record.partial = false
        }
        if stop.isRequested { record.partial = true }  // during the last case's simulation (its note says so)
    }
}

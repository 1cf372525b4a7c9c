import Foundation

/// `run --invocations N` (or a suite's `measure.invocations`): the suite runs as N fresh
/// child processes of the same attnbench, each taking every selected case in its own
/// seeded order; their samples are combined into one record with hierarchical statistics,
/// rewritten after every invocation (partial until the last one is in).
public struct MultiInvocationRun {
    /// Seed of the case orders when the run has no `--seed`.
    public static let defaultSeed: UInt64 = 0x1AB0_CA71

    public let suite: RunnableSuite
    public let settings: RunSettings
    public let invocations: Int
    /// The child's command line (`InvocationCommand.run(executable: …)` of this binary).
    public let command: InvocationCommand

    public init(suite: RunnableSuite, settings: RunSettings, invocations: Int, command: InvocationCommand) {
        self.suite = suite
        self.settings = settings
        self.invocations = invocations
        self.command = command
    }

    /// Runs the invocations for a run made ready by `BenchmarkRunner.start` (its cases give
    /// the record's case order, its header stands in when no invocation leaves a record).
    /// `sink` gets the combined record after every invocation and at the end. On a failed
    /// child the record so far is handed to `sink` (partial) before the error is rethrown.
    public func run(_ start: RunStart, stop: StopSignal, progress: RunProgress,
                    sink: (RunRecord) throws -> Void) throws -> RunRecord {
        let series = InvocationSeries(suiteName: suite.name, sides: [.init(name: "run", command: command)],
                                      rounds: invocations, seed: settings.seed ?? Self.defaultSeed)
        var finished: [FinishedInvocation] = []
        func combined(final: Bool, interrupted: Bool) -> RunRecord {
            RunRecord.combining(finished, requested: invocations, caseOrder: start.cases.map(\.id),
                                fallback: start.record, startedAt: start.record.startedAt,
                                finishedAt: final ? RunTimestamp.iso8601(Date()) : nil, interrupted: interrupted)
                ?? start.record
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
            record.notes.append("interrupted by signal \(stop.received ?? SIGINT) after \(complete) of \(invocations) "
                + "invocations; the finished cases of an interrupted invocation are kept")
        }
        try sink(record)
        return record
    }
}

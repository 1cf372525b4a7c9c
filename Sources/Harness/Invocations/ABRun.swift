import Counters
import Foundation

/// `attnbench ab`: two attnbench executables (or wrappers around them) run alternately on
/// the same machine, ABBA…, one invocation each per round, so that whatever the machine
/// does over time (other tenants, frequency, thermal state) hits both alike. Each side's
/// invocations become one record whose samples carry their round (`Sample.invocation`);
/// `Comparison` with `pairedRounds` then compares the two round by round.
public struct ABRun {
    /// Rounds when `ab` is not told otherwise: chosen so that an A/A of `Suites/quick.yaml`
    /// flags at most 1 of its cases and the whole `ab` fits in 5 minutes on a 2-core VM
    /// (docs/ci.md, "Is the gate trustworthy?"). Six is the fewest the sign-flip test can
    /// reach p < 0.05 with.
    public static let defaultRounds = 20
    /// Seed of the case orders when `ab` has no `--seed`.
    public static let defaultSeed: UInt64 = 0xAB_AB_0001

    /// The outcome for one suite: each side's record (nil when it finished no invocation).
    public struct SuiteResult: Sendable {
        public var suite: RunnableSuite
        public var base: RunRecord?
        public var current: RunRecord?
        /// Rounds in which both sides finished completely.
        public var completeRounds: Int
        public var interrupted: Bool
    }

    public let base: URL
    public let current: URL
    public let rounds: Int
    /// Shapes every invocation's command line (filter, quick, seed, min sample time): only
    /// what is set here is passed on, so older binaries without newer options still run.
    public let options: RunOptionsPassedOn
    public let seed: UInt64
    /// What the children may allocate (they inherit `ATTNBENCH_MAX_MEMORY`); decides
    /// whether a suite's cases fit in memory together for interleaving.
    public let memory: MemoryBudget

    /// The `run` options `ab` passes to both sides.
    public struct RunOptionsPassedOn: Sendable {
        public var filter: String?
        public var quick: Bool
        public var seed: UInt64?
        public var minSampleTime: Double?
        /// `run --interleave` in every invocation (unless the suite's cases do not fit in
        /// memory together): one sample of each case in turn, so that a slow second of the
        /// machine costs every case one sample instead of costing one case all of them.
        /// Off for binaries older than `--interleave`.
        public var interleave: Bool
        public init(
            filter: String? = nil, quick: Bool = false, seed: UInt64? = nil, minSampleTime: Double? = nil,
            interleave: Bool = true
        ) {
            self.filter = filter
            self.quick = quick
            self.seed = seed
            self.minSampleTime = minSampleTime
            self.interleave = interleave
        }
    }

    public init(
        base: URL, current: URL, rounds: Int = ABRun.defaultRounds, options: RunOptionsPassedOn,
        seed: UInt64? = nil, memory: MemoryBudget = .standard()
    ) {
        self.base = base
        self.current = current
        self.rounds = rounds
        self.options = options
        self.seed = seed ?? options.seed ?? Self.defaultSeed
        self.memory = memory
    }

    /// Multiply-adds of float64 reference per case that each invocation checks accuracy
    /// with (`ATTNBENCH_ACCURACY_BUDGET`, unless the environment sets it): `ab` compares
    /// time, and the accuracy of a build does not change between its rounds, so a sample of
    /// query rows (about 20 of a 1024-token, 4-head, 64-dim case) is enough to notice a
    /// broken kernel, and rounds get shorter: more of them fit in the same minutes.
    public static let accuracyBudget = 10_000_000

    func command(_ executable: URL, suite: RunnableSuite, interleave: Bool) -> InvocationCommand {
        var command = InvocationCommand.run(
            executable: executable, suite: suite.path, filter: options.filter, quick: options.quick,
            interleave: interleave, seed: options.seed, minSampleTime: options.minSampleTime)
        command.environment[RunSettings.accuracyBudgetVariable] = String(Self.accuracyBudget)
        return command
    }

    /// Runs `suite`'s rounds. A stop request ends the series after the running invocation
    /// (which keeps its finished cases); a child that fails throws `InvocationError`.
    public func run(_ suite: RunnableSuite, stop: StopSignal, progress: RunProgress) throws -> SuiteResult {
        let settings = RunSettings(filter: options.filter, quick: options.quick, seed: options.seed)
        let cases = try settings.selectCases(from: suite.expanded)
        let caseOrder = cases.map(\.id)
        let measure = suite.expanded.suite.measure
        // Interleaving holds every case in memory at once; a suite too large for that runs
        // case after case, and the records and progress say so.
        let tooLarge =
            options.interleave
            ? SuiteLoader.interleavedRefusal(cases, measure: measure, memory: memory) : nil
        // `--interleave` only when asked for (older binaries lack it); a suite that says
        // `interleave: true` interleaves in its children without it.
        let passInterleave = options.interleave && tooLarge == nil
        let interleave = passInterleave || measure.interleave
        if let tooLarge { progress.say("\(suite.name): not interleaving: \(tooLarge)") }
        let series = InvocationSeries(
            suiteName: suite.name,
            sides: [
                .init(name: "base", command: command(base, suite: suite, interleave: passInterleave)),
                .init(name: "current", command: command(current, suite: suite, interleave: passInterleave))
            ],
            rounds: rounds, seed: seed)
        var finished: [[FinishedInvocation]] = [[], []]
        let startedAt = RunTimestamp.iso8601(Date())
        let outcome = try series.run(stop: stop, progress: progress) { side, invocation in
            finished[side].append(invocation)
        }
        let records = [base, current].enumerated().map { side, executable -> RunRecord? in
            var record = RunRecord.combining(
                finished[side], requested: rounds, caseOrder: caseOrder, fallback: nil,
                startedAt: startedAt, finishedAt: RunTimestamp.iso8601(Date()),
                interrupted: outcome.interrupted)
            record?.notes.append(
                "ab \(side == 0 ? "base" : "current") side: \(executable.path); rounds alternate "
                    + "base-current and current-base (ABBA…), both sides of a round take the cases in the same order"
                    + (interleave ? ", one sample of each case in turn (--interleave)" : ", case after case"))
            if let tooLarge { record?.notes.append("not interleaved: \(tooLarge)") }
            let simulated = suite.expanded.suite.measure.counters.filter(SimulatedEvent.isSimulated)
            if !simulated.isEmpty {
                record?.notes.append(
                    "ab compares time: the simulated counters the suite asks for ("
                        + simulated.joined(separator: ", ")
                        + ") are not taken (they do not depend on the machine's noise; "
                        + "`run` both builds and `compare` the runs for them)")
            }
            if outcome.interrupted {
                record?.notes.append("interrupted after \(outcome.completeRounds) of \(rounds) complete rounds")
            }
            return record
        }
        return SuiteResult(
            suite: suite, base: records[0], current: records[1], completeRounds: outcome.completeRounds,
            interrupted: outcome.interrupted)
    }
}

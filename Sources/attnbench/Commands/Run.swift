import ArgumentParser
import Counters
import Foundation
import Harness
import Reports

/// `attnbench run [SUITE…]` (also plain `attnbench`): runs suites and writes
/// `Results/<suite>/<UTC time>-<host>/{run.json,results.csv,report.md}` and charts.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run benchmark suites (default Suites/quick.yaml) and write run.json, results.csv and report.md.")

    @Argument(help: "Suite files.") var suites: [String] = []
    @Option(help: "Only cases whose id matches this regular expression.") var filter: String?
    @Flag(help: "Fewer samples: a smoke run.") var quick = false
    @Flag(help: "Sample the cases in shuffled rounds (seeded) instead of one after another.") var interleave = false
    @Option(
        help: ArgumentHelp(
            "Run shard K of N (1-based) of a cost-balanced split; wins over a scheduler's "
                + "(Slurm array, Kubernetes indexed Job, ATTNBENCH_SHARD).", valueName: "K/N"),
        transform: Run.parseShard)
    var shard: RunShard?
    @Option(
        help: ArgumentHelp(
            "Number of shards where the scheduler gives only this process's index "
                + "(Kubernetes JOB_COMPLETION_INDEX); also ATTNBENCH_SHARDS.", valueName: "N"))
    var shards: Int?
    @Option(help: "Directory for results (default Results/).") var out: String = "Results"
    @Option(help: "Replace every case's input seed.") var seed: UInt64?
    @Flag(help: "No progress output.") var quiet = false
    @Option(
        help: "Shortest timed sample in seconds: faster calls are timed several back to back and reported per call.")
    var minSampleTime: Double = 0.005
    @Flag(
        help: ArgumentHelp(
            "Start a run of more than \(RunScale.confirmationCases) cases or "
                + "\(Int(RunScale.confirmationSeconds / 3600)) estimated hours (or give the suite `large: true`)."))
    var yes = false
    @OptionGroup var memory: MemoryOptions
    @Option(
        help: "Seconds a provider may take for any one reply (hello, preparing a case, a sample) before it is stopped.")
    var providerTimeout: Double = RunSettings.defaultProviderTimeout
    @Option(
        help:
            "Run each suite as N fresh processes, each taking the cases in its own seeded order (default: the suite's measure.invocations, else 1)."
    )
    var invocations: Int?
    @Option(
        help:
            "Counters to collect instead of the suite's measure.counters: PAPI events and simulated sim:: events, comma-separated (none: no counters)."
    )
    var counters: String?
    @Option(
        help:
            "Caches simulated for sim:: counters instead of the suite's measure.sim_cache: host, sram, or I1=SIZE/WAYS/LINE,D1=…,LL=…."
    )
    var simCache: String?
    @Flag(
        inversion: .prefixedNo, help: "Keep each simulated case's callgrind output in the run directory (callgrind/).")
    var simProfiles = true

    func validate() throws {
        guard minSampleTime >= 0 && minSampleTime <= 10 else {
            throw ValidationError("--min-sample-time must be between 0 and 10 seconds (got \(minSampleTime))")
        }
        guard providerTimeout > 0 && providerTimeout.isFinite else {
            throw ValidationError("--provider-timeout must be a positive number of seconds (got \(providerTimeout))")
        }
        if let invocations, !(1...MeasureSpec.maxInvocations).contains(invocations) {
            throw ValidationError(
                "--invocations must be between 1 and \(MeasureSpec.maxInvocations) (got \(invocations))")
        }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1 (got \(shards))") }
        if let shards, let shard, shard.count != shards {
            throw ValidationError("--shards \(shards) disagrees with --shard \(shard)")
        }
        _ = try parseCounters()
        _ = try parseSimCache()
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        if let host = environment[SystemInfo.hostVariable], let problem = SystemInfo.hostNameProblem(host) {
            throw CLIError.badInput("\(SystemInfo.hostVariable): \(problem)")
        }
        // Set when this process is one invocation of `run --invocations N` or `ab`.
        let orderSeed: UInt64?
        do {
            orderSeed = try InvocationCommand.orderSeed(in: environment)
        } catch {
            throw CLIError.badInput("\(error)")
        }
        let assignment: ShardAssignment
        do {
            assignment = try ShardAssignment.resolve(shard: shard, shards: shards, environment: environment)
        } catch {
            throw CLIError.badInput(error.description)
        }
        if shard == nil, let picked = assignment.shard, let source = assignment.source, !quiet {
            CLIError.printToStderr("note: running shard \(picked) (from \(source)); --shard 1/1 runs every case")
        }
        let accuracyBudget: Int?
        do {
            accuracyBudget = try RunSettings.accuracyBudget(in: environment)
        } catch {
            throw CLIError.badInput("\(error)")
        }
        // An invocation of a series takes the ceilings its parent (or the week's last
        // release run) measured: measuring them again in every process would cost each
        // invocation half a second.
        let settings = RunSettings(
            filter: filter, quick: quick, seed: seed, interleave: interleave ? true : nil,
            shard: assignment.shard, accuracyBudget: accuracyBudget ?? RunSettings.defaultAccuracyBudget,
            minSampleTime: minSampleTime, providerTimeout: providerTimeout, scheduler: assignment.scheduler,
            hostProfile: HostProfiler.performance(remeasure: orderSeed == nil), caseOrderSeed: orderSeed)
        let budget = memory.budget
        let runnable = try SuiteLoader(memory: budget).loadRunnable(arguments: suites)
        // Every suite is checked before the first one starts.
        for suite in runnable { try checkScale(suite, settings: settings, budget: budget) }
        let counterOverride = try parseCounters()
        let simCacheOverride = try parseSimCache()
        let stop = StopSignal()
        stop.install()
        let progress = RunProgress(quiet: quiet)
        var toldNoPMU = false
        var failed: [String] = []
        for suite in runnable {
            let measure = suite.expanded.suite.measure
            let requested = counterOverride ?? measure.counters
            let simulation = SimulationSetup(
                counters: requested, cache: simCacheOverride ?? measure.simCache,
                keepProfiles: simProfiles)
            let session = CounterSession(events: SimulationSetup.hardwareEvents(requested))
            let runner = BenchmarkRunner(
                suite: suite.expanded, settings: settings, stop: stop, progress: progress,
                counterSession: session)
            // Simulated counts are the same in every process: an invocation of a series leaves
            // them to its parent, which simulates each case once (`MultiInvocationRun`).
            runner.simulation = simulation.isRequested && orderSeed == nil ? simulation : nil
            let start: RunStart
            do {
                start = try runner.start(suite, under: URL(fileURLWithPath: out))
            } catch {
                throw CLIError.badInput(Self.message(for: error))
            }
            if !session.hardwareCountersAvailable, let note = session.note, !toldNoPMU, !quiet {
                CLIError.printToStderr("note: " + note)
                toldNoPMU = true
            }
            if let failure = simulation.failure, !quiet {
                CLIError.printToStderr(
                    "note: simulated counters (\(simulation.events.joined(separator: ", "))) are not "
                        + "counted: \(failure.description)")
            }
            let dir = start.directory
            let count = orderSeed == nil ? invocations ?? measure.invocations : 1
            // run.json grows by appending (RunJournal); reports follow when it is rewritten.
            let journal = RunJournal(directory: dir)
            let final: RunRecord
            do {
                if count > 1 {
                    final = try runInvocations(
                        count, of: suite, start: start, simulator: runner.simulator,
                        settings: settings, stop: stop, progress: progress
                    ) { record in
                        try journal.rewrite(record)
                        _ = try ReportWriter.write(record, to: dir, includeRunJSON: false)
                    }
                } else {
                    final = try runner.run(start.cases, record: start.record) { record in
                        if try journal.update(record) {
                            _ = try ReportWriter.write(record, to: dir, includeRunJSON: false)
                        }
                    }
                }
                try journal.finish(final)
                _ = try ReportWriter.write(final, to: dir, includeRunJSON: false)
            } catch let error as RunRecordError {
                throw CLIError.writeFailed("--out", error)
            } catch let error as InvocationError {
                throw CLIError.badInput("\(error)\nfinished invocations were written to \(dir.path) (marked partial)")
            }
            print(
                "\(suite.name): \(final.cases.count) cases\(final.partial ? " (partial)" : "") → \(dir.path)/report.md")
            if stop.isRequested {
                throw CLIError(
                    message: "interrupted: finished cases were written to \(dir.path) (marked partial)", code: 130)
            }
            let broken = final.cases.filter { $0.status == .failed }
            if let first = broken.first {
                failed.append(
                    "\(suite.name): \(broken.count) case\(broken.count == 1 ? "" : "s") failed, first \(first.id): "
                        + (first.reason ?? "see the notes in \(dir.path)/report.md"))
            }
        }
        // A failed case is a failed check: the other results are written, the exit status says so.
        if !failed.isEmpty { throw CLIError(message: failed.joined(separator: "\n"), code: 1) }
    }

    /// Refuses a run too large to start unasked (`RunScale`) or whose interleaved cases
    /// would not fit in memory together; warns about a merely large one.
    private func checkScale(_ suite: RunnableSuite, settings: RunSettings, budget: MemoryBudget) throws {
        let measure = suite.expanded.suite.measure
        let cases: [SuiteCase]
        do {
            cases = try settings.selectCases(from: suite.expanded)
        } catch {
            throw CLIError.badInput(Self.message(for: error))
        }
        let scale = RunScale(
            cases: cases, measure: quick ? measure.quick : measure,
            model: CaseCostModel(minSampleTime: minSampleTime))
        if scale.needsConfirmation && !yes && !suite.expanded.suite.large {
            throw CLIError.badInput(
                "\(suite.path): \(scale.summary): more than \(RunScale.confirmationCases) cases or "
                    + "\(Int(RunScale.confirmationSeconds / 3600)) h; run with --yes (or set `large: true` in the suite) to start it, "
                    + "or take a part with --filter or --shard")
        }
        if scale.deservesWarning && !quiet {
            CLIError.printToStderr("note: \(suite.path): a large run: \(scale.summary)")
        }
        if settings.interleave ?? measure.interleave,
            let refusal = SuiteLoader.interleavedRefusal(cases, measure: measure, memory: budget)
        {
            throw CLIError.badInput("\(suite.path): \(refusal)")
        }
    }

    /// The suite as `count` child processes of this executable (see `MultiInvocationRun`);
    /// `write` gets the combined record after every invocation (and simulated case).
    func runInvocations(
        _ count: Int, of suite: RunnableSuite, start: RunStart, simulator: CaseSimulator?,
        settings: RunSettings, stop: StopSignal, progress: RunProgress,
        write: (RunRecord) throws -> Void
    ) throws -> RunRecord {
        var command = InvocationCommand.run(
            executable: InvocationCommand.currentExecutable(), suite: suite.path,
            filter: filter, quick: quick, interleave: interleave,
            shard: settings.shard?.description, seed: seed, minSampleTime: minSampleTime)
        // Every option that shapes a run reaches the children (this binary, so it knows them
        // all). This process has checked the run's size already (--yes). The children leave
        // simulation to this process whatever the sim options say; they get them anyway, so
        // that their command line is the user's.
        command.arguments += ["--yes", "--provider-timeout", String(providerTimeout)]
        if let limit = memory.maxMemory { command.arguments += ["--max-memory", limit] }
        if let counters { command.arguments += ["--counters", counters] }
        if let simCache { command.arguments += ["--sim-cache", simCache] }
        if !simProfiles { command.arguments.append("--no-sim-profiles") }
        var multi = MultiInvocationRun(suite: suite, settings: settings, invocations: count, command: command)
        multi.simulator = simulator
        return try multi.run(start, stop: stop, progress: progress, sink: write)
    }

    /// `--counters A,B,…` (`none` or empty: no counters); nil without the option.
    private func parseCounters() throws -> [String]? {
        guard let counters else { return nil }
        let names = counters.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0.lowercased() != "none" }
        if let unknown = SimulatedEvent.unknownNames(in: names).first {
            throw ValidationError(
                "--counters: unknown simulated event '\(unknown)' (simulated events: "
                    + SimulatedEvent.all.map(\.name).joined(separator: ", ") + ")")
        }
        return names
    }

    private func parseSimCache() throws -> SimCacheSpec? {
        guard let simCache else { return nil }
        switch SimCacheSpec.parse(simCache) {
        case .success(let spec): return spec
        case .failure(let e): throw ValidationError("--sim-cache: \(e.description)")
        }
    }

    @Sendable static func parseShard(_ text: String) throws -> RunShard {
        guard let shard = RunShard(parsing: text) else {
            throw ValidationError("'\(text)' is not K/N with 1 ≤ K ≤ N (e.g. 2/4)")
        }
        return shard
    }

    /// The runner's error with the option it came from.
    static func message(for error: RunnerError) -> String {
        switch error {
        case .badFilter: return "--filter: \(error)"
        case .cannotCreateDirectory: return "--out: \(error)"
        case .badSetting: return "\(error)"
        }
    }
}

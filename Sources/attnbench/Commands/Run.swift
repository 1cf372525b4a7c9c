import ArgumentParser
import AttentionKernels
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
    @Option(help: "Run shard K of N (K/N, 1-based): every N-th case starting at K.") var shard: String?
    @Option(help: "Directory for results (default Results/).") var out: String = "Results"
    @Option(help: "Replace every case's input seed.") var seed: UInt64?
    @Flag(help: "No progress output.") var quiet = false
    @Option(help: "Shortest timed sample in seconds: faster calls are timed several back to back and reported per call.")
    var minSampleTime: Double = 0.005
    @Option(help: "Counters to collect instead of the suite's measure.counters: PAPI events and simulated sim:: events, comma-separated (none: no counters).")
    var counters: String?
    @Option(help: "Caches simulated for sim:: counters instead of the suite's measure.sim_cache: host, sram, or I1=SIZE/WAYS/LINE,D1=…,LL=….")
    var simCache: String?
    @Flag(inversion: .prefixedNo, help: "Keep each simulated case's callgrind output in the run directory (callgrind/).")
    var simProfiles = true

    func run() throws {
        guard minSampleTime >= 0 && minSampleTime <= 10 else {
            throw CLIError.badInput("--min-sample-time must be between 0 and 10 seconds (got \(minSampleTime))")
        }
        let settings = RunSettings(filter: filter, quick: quick, seed: seed, interleave: interleave ? true : nil,
                                   shard: try parseShard(), minSampleTime: minSampleTime)
        // Check the filter before any run directory is created: the runner would reject it
        // too, but only after an empty Results/<suite>/<stamp>/ had been left behind.
        if let filter, let why = Self.regexError(filter) {
            throw CLIError.badInput(RunnerError.badFilter(filter, why).description)
        }
        let paths = suites.isEmpty ? ["Suites/quick.yaml"] : suites
        let loader = SuiteLoader()
        var expanded: [(String, ExpandedSuite, String)] = []
        for path in paths {
            let validation = loader.validate(path: path)
            guard validation.isValid, let suite = try? validation.expanded() else {
                throw CLIError.badInput(validation.diagnostics.map(\.description).joined(separator: "\n"))
            }
            let bytes = FileManager.default.contents(atPath: path) ?? Data()
            expanded.append((path, suite, SHA256.hex(bytes)))
        }
        let counterOverride = try parseCounters()
        let simCacheOverride = try parseSimCache()
        let stop = StopSignal()
        stop.install()
        let progress = RunProgress(quiet: quiet)
        var toldNoPMU = false
        for (path, suite, sha) in expanded {
            let requested = counterOverride ?? suite.suite.measure.counters
            let simulation = SimulationSetup(counters: requested, cache: simCacheOverride ?? suite.suite.measure.simCache,
                                             keepProfiles: simProfiles)
            let session = CounterSession(events: SimulationSetup.hardwareEvents(requested))
            if !session.hardwareCountersAvailable, let note = session.note, !toldNoPMU, !quiet {
                CLIError.printToStderr("note: " + note)
                toldNoPMU = true
            }
            if let failure = simulation.failure, !quiet {
                CLIError.printToStderr("note: simulated counters (\(simulation.events.joined(separator: ", "))) are not "
                    + "counted: \(failure.description)")
            }
            let dir = try runDirectory(for: suite.suite.name)
            let record = RunRecord(
                tool: ToolInfo(version: HarnessVersion.current),
                suite: SuiteInfo(name: suite.suite.name, description: suite.suite.description, file: path, sha256: sha,
                                 checks: suite.suite.checks),
                startedAt: Self.timestamp(Date()), partial: true,
                options: RunOptions(filter: filter, quick: quick, seed: seed,
                                    interleave: settings.interleave ?? suite.suite.measure.interleave, shard: shard),
                environment: EnvironmentCapture.current(papiVersion: PAPIVersion.current),
                counters: simulation.availability(requested: requested, session: session),
                simulation: simulation.isRequested ? simulation.source : nil)
            let runner = BenchmarkRunner(suite: suite, settings: settings, stop: stop, progress: progress,
                                         counterSession: session)
            if simulation.isRequested { runner.simulator = CaseSimulator(setup: simulation, runDirectory: dir) }
            var final: RunRecord
            do {
                final = try runner.run(record: record) { partial in
                    _ = try ReportWriter.write(partial, to: dir)
                }
            } catch let error as RunnerError {
                throw CLIError.badInput(error.description)
            }
            final.finishedAt = Self.timestamp(Date())
            _ = try ReportWriter.write(final, to: dir)
            print("\(suite.suite.name): \(final.cases.count) cases\(final.partial ? " (partial)" : "") → \(dir.path)/report.md")
            if stop.isRequested {
                throw CLIError(message: "interrupted: finished cases were written to \(dir.path) (marked partial)", code: 130)
            }
        }
    }

    /// `--counters A,B,…` (`none` or empty: no counters); nil without the option.
    private func parseCounters() throws -> [String]? {
        guard let counters else { return nil }
        let names = counters.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0.lowercased() != "none" }
        if let unknown = SimulatedEvent.unknownNames(in: names).first {
            throw CLIError.badInput("--counters: unknown simulated event '\(unknown)' (simulated events: "
                + SimulatedEvent.all.map(\.name).joined(separator: ", ") + ")")
        }
        return names
    }

    private func parseSimCache() throws -> SimCacheSpec? {
        guard let simCache else { return nil }
        switch SimCacheSpec.parse(simCache) {
        case .success(let spec): return spec
        case .failure(let e): throw CLIError.badInput("--sim-cache: \(e.description)")
        }
    }

    private func parseShard() throws -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
            throw CLIError.badInput("--shard: '\(shard)' is not K/N with 1 ≤ K ≤ N (e.g. 2/4)")
        }
        return (k, n)
    }

    private static func regexError(_ pattern: String) -> String? {
        do {
            _ = try NSRegularExpression(pattern: pattern)
            return nil
        } catch {
            return error.localizedDescription
        }
    }

    private func runDirectory(for suiteName: String) throws -> URL {
        let stamp = Self.timestamp(Date()).replacingOccurrences(of: ":", with: "")
        let base = URL(fileURLWithPath: out).appendingPathComponent(suiteName)
        var dir = base.appendingPathComponent("\(stamp)-\(SystemInfo.hostName())")
        var n = 2
        while FileManager.default.fileExists(atPath: dir.path) {
            dir = base.appendingPathComponent("\(stamp)-\(SystemInfo.hostName())-\(n)")
            n += 1
        }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw CLIError.badInput("--out: cannot create \(dir.path) (\(error.localizedDescription))")
        }
        return dir
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}

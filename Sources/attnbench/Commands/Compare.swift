import ArgumentParser
import Foundation
import Harness
import Reports

/// `attnbench compare BASE CURRENT`: matched cases, timing verdicts with statistics, and
/// deterministic checks; exit 1 when anything regresses.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two runs (run directories, run.json files or baseline names); exit 1 on a regression.")

    @Argument(help: "Base run: a run directory, run.json, baseline file, or baseline name in Results/baselines/.")
    var base: String
    @Argument(help: "Current run (same forms).") var current: String
    @OptionGroup var flags: ComparisonFlags
    @Option(help: "Also write comparison.md/.csv/.json and comparison.svg into this directory.") var out: String?
    @Option(help: "Directory of named baselines.") var baselines: String = "Results/baselines"

    func run() throws {
        let store = BaselineStore(directory: URL(fileURLWithPath: baselines))
        let baseRun: RunRecord, currentRun: RunRecord
        do {
            baseRun = try RunReference.load(base, baselines: store)
            currentRun = try RunReference.load(current, baselines: store)
        } catch {
            throw CLIError.badInput("\(error)")
        }
        if baseRun.suite.name != currentRun.suite.name {
            throw CLIError.badInput(
                "runs are of different suites: '\(baseRun.suite.name)' (\(base)) and '\(currentRun.suite.name)' (\(current))"
            )
        }
        let comparison = Comparison(base: baseRun, current: currentRun, options: flags.options())
        try ComparisonOutput.emit(comparison, format: flags.format, directory: out.map { URL(fileURLWithPath: $0) })
        if comparison.exitStatus != 0 {
            throw CLIError(message: comparison.summaryLine, code: comparison.exitStatus)
        }
    }
}

/// `attnbench baseline save RUN --name NAME`: stores a small baseline for `compare`.
struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage baselines in Results/baselines/.", subcommands: [Save.self])

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a run as a named baseline (statistics only by default).")
        @Argument(help: "Run directory or run.json.") var runPath: String
        @Option(help: "Baseline name (letters, digits, '-', '_').") var name: String
        @Flag(help: "Keep every raw sample (lets compare run the U test).") var withSamples = false
        @Option(help: "Directory of named baselines.") var baselines: String = "Results/baselines"
        @Flag(help: "Replace a baseline of that name (without it, an existing baseline is never replaced).")
        var force = false

        func run() throws {
            do {
                let record = try RunRecordStore.load(runPath)
                let url = try BaselineStore(directory: URL(fileURLWithPath: baselines))
                    .save(record, name: name, withSamples: withSamples, replacing: force)
                print(url.path)
            } catch BaselineStore.Error.exists(let path) {
                throw CLIError.badInput("\(path): a baseline of that name exists; --force replaces it")
            } catch {
                throw CLIError.badInput("\(error)")
            }
        }
    }
}

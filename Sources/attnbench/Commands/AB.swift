import ArgumentParser
import Foundation
import Harness
import Reports

/// `attnbench ab --base BIN --current BIN [SUITE…]`: the two executables run alternately
/// (ABBA…) for N rounds of fresh invocations on the same machine, compared round by round;
/// the same verdicts, outputs and exit codes as `compare`.
struct AB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ab",
        abstract:
            "Run two attnbench builds alternately on this machine and compare them round by round; exit 1 on a regression.",
        discussion: """
            Each round runs `BIN run SUITE --quiet --interleave --out TMP` once for each side, base first in odd rounds \
            and current first in even ones; both take the cases in the same seeded order (ATTNBENCH_CASE_ORDER_SEED). The \
            comparison, and each side's combined record (base/, current/), go to --out.
            """)

    @Option(help: "Base executable: an attnbench binary, or a script that runs one with the arguments it gets.")
    var base: String
    @Option(help: "Current executable (same forms).") var current: String
    @Argument(help: "Suite files (default Suites/quick.yaml).") var suites: [String] = []
    @Option(help: "Rounds; each runs both executables once, in alternating order.") var rounds: Int = ABRun
        .defaultRounds
    @Option(help: "Only cases whose id matches this regular expression.") var filter: String?
    @Flag(help: "Fewer samples per invocation.") var quick = false
    @Flag(
        inversion: .prefixedNo,
        help:
            "Pass --interleave to every invocation: one sample of each case in turn (off for binaries older than that option)."
    )
    var interleave = true
    @Option(help: "Replace every case's input seed (and seed the case orders).") var seed: UInt64?
    @Option(help: "Shortest timed sample in seconds (passed to both sides; default: theirs).") var minSampleTime:
        Double?
    @OptionGroup var flags: ComparisonFlags
    @Option(
        help:
            "Directory for comparison.md/.csv/.json/.svg and both sides' records (default Results/ab/<UTC time>-<host>/)."
    )
    var out: String?
    @Flag(help: "No progress output.") var quiet = false

    func validate() throws {
        guard (1...MeasureSpec.maxInvocations).contains(rounds) else {
            throw ValidationError("--rounds must be between 1 and \(MeasureSpec.maxInvocations) (got \(rounds))")
        }
        if let minSampleTime, !(minSampleTime >= 0 && minSampleTime <= 10) {
            throw ValidationError("--min-sample-time must be between 0 and 10 seconds (got \(minSampleTime))")
        }
    }

    func run() throws {
        let executables = try [("--base", base), ("--current", current)].map { option, path in
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw CLIError.badInput("\(option): '\(path)' is not an executable file")
            }
            return URL(fileURLWithPath: path)
        }
        let runnable = try SuiteLoader().loadRunnable(arguments: suites)
        let directory: URL
        do {
            directory =
                try out.map { URL(fileURLWithPath: $0) }
                ?? RunDirectory.create(under: URL(fileURLWithPath: "Results"), suite: "ab", startedAt: Date())
        } catch {
            throw CLIError.badInput("--out: \(error)")
        }
        let stop = StopSignal()
        stop.install()
        let ab = ABRun(
            base: executables[0], current: executables[1], rounds: rounds,
            options: .init(
                filter: filter, quick: quick, seed: seed, minSampleTime: minSampleTime, interleave: interleave))
        var failed: Comparison?
        for suite in runnable where !stop.isRequested {
            let result: ABRun.SuiteResult
            do {
                result = try ab.run(suite, stop: stop, progress: RunProgress(quiet: quiet))
            } catch let error as RunnerError {
                throw CLIError.badInput("--filter: \(error)")
            } catch {
                throw CLIError.badInput("\(error)")
            }
            let dir = runnable.count == 1 ? directory : directory.appendingPathComponent(suite.name)
            if let failure = try report(result, into: dir), failed == nil { failed = failure }
        }
        if stop.isRequested {
            throw CLIError(
                message:
                    "interrupted: the finished rounds were compared and written to \(directory.path) (marked partial)",
                code: 130)
        }
        if let failed { throw CLIError(message: failed.summaryLine, code: failed.exitStatus) }
    }

    /// Writes both sides' records and the comparison into `dir`, prints the comparison;
    /// returns it when it fails.
    func report(_ result: ABRun.SuiteResult, into dir: URL) throws -> Comparison? {
        if let record = result.base { try ReportWriter.write(record, to: dir.appendingPathComponent("base")) }
        if let record = result.current { try ReportWriter.write(record, to: dir.appendingPathComponent("current")) }
        guard let base = result.base, let current = result.current else {
            CLIError.printToStderr(
                "\(result.suite.name): stopped before both sides finished an invocation; nothing to compare")
            return nil
        }
        let comparison = Comparison(base: base, current: current, options: flags.options(pairedRounds: true))
        try ComparisonOutput.emit(comparison, format: flags.format, directory: dir)
        if !quiet {
            CLIError.printToStderr("ab: \(result.suite.name): comparison and both sides' records in \(dir.path)")
        }
        return comparison.failed ? comparison : nil
    }
}

import ArgumentParser
import Foundation

/// The `attnbench` command. Subcommands are thin: they parse options, call the modules
/// and map errors to exit codes: 0 success, 1 regression or failed check, 2 bad input
/// (suite, file, option) with a message naming what and where, 130 interrupted.
@main
struct AttnBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attnbench",
        abstract: "Benchmark, profile and model CPU attention variants.",
        subcommands: [
            Run.self, Validate.self, List.self, ReportCommand.self, Compare.self, AB.self, Baseline.self, Merge.self,
            CountersCommand.self, Attend.self, Quantize.self, Model.self, Speed.self, SimulateCase.self
        ],
        defaultSubcommand: Run.self
    )

    /// Like `ParsableCommand.main()`, but usage errors exit 2 (ArgumentParser's own is 64)
    /// and attnbench's errors exit with their own code and a one-line message.
    static func main() {
        // A reader that goes away (`attnbench list | head`) makes writes fail with EPIPE
        // instead of killing the process with SIGPIPE; output is best effort then.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            CLIError.printToStderr(error.message)
            Foundation.exit(error.code)
        } catch let code as ExitCode {
            exit(withError: code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            // Usage errors are bad input; any other error reaching here (a failed write, an
            // unreadable file) is a bad environment: exit 2, never 1, which means "regression".
            CLIError.printToStderr(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}

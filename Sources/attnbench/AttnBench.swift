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
        subcommands: [Run.self, Validate.self, List.self, ReportCommand.self, Compare.self, AB.self, Baseline.self, Merge.self,
                      CountersCommand.self, Attend.self, Quantize.self, Model.self, Speed.self],
        defaultSubcommand: Run.self
    )

    /// Like `ParsableCommand.main()`, but usage errors exit 2 (ArgumentParser's own is 64)
    /// and attnbench's errors exit with their own code and a one-line message.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            CLIError.printToStderr(error.message)
            Foundation.exit(error.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            CLIError.printToStderr(fullMessage(for: error))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

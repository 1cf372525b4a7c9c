import Foundation

/// An error the CLI reports with its own exit code: 2 for bad input, 1 for a regression
/// or failed check, 130 for an interrupted run.
struct CLIError: Error {
    let message: String
    let code: Int32

    static func badInput(_ message: String) -> CLIError { CLIError(message: message, code: 2) }

    static func printToStderr(_ message: String) {
        let text = message.hasSuffix("\n") ? message : message + "\n"
        FileHandle.standardError.write(Data(("attnbench: " + text).utf8))
    }
}

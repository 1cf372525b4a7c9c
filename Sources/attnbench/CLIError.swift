import Foundation

/// An error the CLI reports with its own exit code: 2 for bad input, 1 for a regression
/// or failed check, 130 for an interrupted run.
struct CLIError: Error {
    let message: String
    let code: Int32

    static func badInput(_ message: String) -> CLIError { CLIError(message: message, code: 2) }

    /// Writes `attnbench: message` to stderr. A failing stderr (closed, or /dev/full) is
    /// ignored: there is nowhere left to say so, and the exit status still tells.
    static func printToStderr(_ message: String) {
        let text = message.hasSuffix("\n") ? message : message + "\n"
        try? FileHandle.standardError.write(contentsOf: Data(("attnbench: " + text).utf8))
    }

    /// `--option: error` for a failed write, exit 2 (a bad environment, not a regression).
    static func writeFailed(_ option: String, _ error: Error) -> CLIError {
        badInput("\(option): \(error)")
    }
}

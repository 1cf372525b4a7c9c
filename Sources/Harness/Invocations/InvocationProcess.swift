import Foundation

/// Runs one invocation as a child process and waits for it, passing a stop request on.
///
/// Foundation's `Process` starts the child in a process group of its own with default
/// signal dispositions, so a Ctrl-C at the terminal reaches only this (the parent) process;
/// when `stop` is requested the parent sends SIGINT to the child's whole group (a wrapper
/// script and the attnbench it started), waits for it to write its partial record, and
/// kills the group only if it is still there a minute later.
enum InvocationProcess {
    /// How the child ended.
    enum Ending: Equatable {
        case exited(Int32)
        case killed(Int32)
    }

    /// Seconds between SIGINT to the child and SIGKILL.
    static let interruptGrace = 60.0

    /// Runs `command` with `--out out`, the order seed in the environment and stderr into
    /// `log`; returns how it ended.
    static func run(
        _ command: InvocationCommand, orderSeed: UInt64, out: URL, log: URL,
        stop: StopSignal
    ) throws(InvocationError) -> Ending {
        let process = Process()
        process.executableURL = command.executable
        process.arguments = command.arguments + ["--out", out.path]
        var environment = ProcessInfo.processInfo.environment.merging(command.environment) { inherited, _ in inherited }
        environment[InvocationCommand.orderSeedVariable] = String(orderSeed)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        do {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
        } catch {
            throw .cannotStart(command.executable.path, error.localizedDescription)
        }
        var interruptedAt: Date?
        while process.isRunning {
            if stop.isRequested, interruptedAt == nil {
                kill(-process.processIdentifier, SIGINT)
                interruptedAt = Date()
            }
            if let at = interruptedAt, Date().timeIntervalSince(at) > interruptGrace {
                kill(-process.processIdentifier, SIGKILL)
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        if let handle = process.standardError as? FileHandle { try? handle.close() }
        return process.terminationReason == .uncaughtSignal
            ? .killed(process.terminationStatus)
            : .exited(process.terminationStatus)
    }

    /// The last `lines` lines of a child's stderr log, for error messages.
    static func tail(of log: URL, lines: Int = 8) -> String {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).joined(separator: "\n")
    }
}

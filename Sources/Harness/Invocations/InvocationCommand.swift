import Foundation

/// The command line of one process invocation: an attnbench executable (or a wrapper
/// script around one) and the `run` arguments every invocation of a series shares.
///
/// The case order of each invocation travels in the environment variable
/// `ATTNBENCH_CASE_ORDER_SEED`, not as an option, so that `ab` can drive binaries built
/// before the variable existed: those ignore it and take their cases in suite order. A
/// process that finds the variable set runs exactly one invocation (it never starts
/// invocations of its own, whatever the suite's `measure.invocations` says).
public struct InvocationCommand: Equatable, Sendable {
    /// Environment variable carrying an invocation's case-order seed (decimal).
    public static let orderSeedVariable = "ATTNBENCH_CASE_ORDER_SEED"

    public var executable: URL
    /// Everything after the executable except `--out DIR`, which each invocation gets.
    public var arguments: [String]
    /// Defaults for the child's environment, which inherits this process's: a variable this
    /// process already has keeps its value (a user's `ATTNBENCH_ACCURACY_BUDGET` wins over
    /// `ab`'s). Like the order seed, ignored by binaries that do not know them.
    public var environment: [String: String]

    public init(executable: URL, arguments: [String], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// `attnbench run SUITE --quiet` plus the options that shape the run, each only when
    /// set, so that an older attnbench that lacks a newer option still runs when it is not
    /// asked for.
    public static func run(
        executable: URL, suite: String, filter: String? = nil, quick: Bool = false,
        interleave: Bool = false, shard: String? = nil, seed: UInt64? = nil,
        minSampleTime: Double? = nil
    ) -> InvocationCommand {
        var arguments = ["run", suite, "--quiet"]
        if let filter { arguments += ["--filter", filter] }
        if quick { arguments.append("--quick") }
        if interleave { arguments.append("--interleave") }
        if let shard { arguments += ["--shard", shard] }
        if let seed { arguments += ["--seed", String(seed)] }
        if let minSampleTime { arguments += ["--min-sample-time", String(minSampleTime)] }
        return InvocationCommand(executable: executable, arguments: arguments)
    }

    /// The order seed this process was given by a parent (`run --invocations`, `ab`); nil
    /// when it was started by a person.
    public static func orderSeed(in environment: [String: String]) throws(InvocationError) -> UInt64? {
        guard let text = environment[orderSeedVariable] else { return nil }
        guard let seed = UInt64(text.trimmingCharacters(in: .whitespaces)) else { throw .badOrderSeed(text) }
        return seed
    }

    /// The executable of this very process (`/proc/self/exe` on Linux), for invocations of
    /// itself.
    public static func currentExecutable() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
    }
}

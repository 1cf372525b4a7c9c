/// Why a multi-invocation run or `ab` could not go on. Messages name the executable, the
/// invocation and what it said, so the CLI can print `description` and exit 2.
public enum InvocationError: Error, Equatable, CustomStringConvertible {
    /// The executable (path, reason) could not be started.
    case cannotStart(String, String)
    /// A child exited with a status other than 0 or 130: (what, status, the end of its stderr).
    case childFailed(String, Int32, String)
    /// A child was killed by a signal: (what, signal, the end of its stderr).
    case childKilled(String, Int32, String)
    /// A child exited 0 but left no readable run record: (what, reason).
    case noRecord(String, String)
    /// The value of the order-seed environment variable is not an unsigned 64-bit integer.
    case badOrderSeed(String)

    public var description: String {
        func tail(_ text: String) -> String { text.isEmpty ? "" : ":\n" + text }
        switch self {
        case let .cannotStart(path, why): return "cannot start \(path): \(why)"
        case let .childFailed(what, status, stderr): return "\(what) exited with status \(status)\(tail(stderr))"
        case let .childKilled(what, sig, stderr): return "\(what) was killed by signal \(sig)\(tail(stderr))"
        case let .noRecord(what, why): return "\(what) left no run record: \(why)"
        case let .badOrderSeed(text):
            return "\(InvocationCommand.orderSeedVariable)='\(text)' is not an unsigned 64-bit integer"
        }
    }
}

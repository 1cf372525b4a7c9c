/// Why talking to a provider process broke down. Each of these ends the provider's part
/// in the run: its remaining cases are marked `failed` with the message (and the tail of
/// what it wrote to stderr).
public enum ProviderError: Error, Equatable, CustomStringConvertible {
    /// The program could not be started at all.
    case cannotStart(String)
    /// The process ended (exit status or signal, in words) while attnbench waited for `waitingFor`.
    case exited(String, waitingFor: String)
    /// No reply within the timeout.
    case timedOut(seconds: Double, waitingFor: String)
    /// It wrote something that is not a protocol message, or the wrong one.
    case protocolViolation(String)
    /// The run is being interrupted (SIGINT/SIGTERM); the process was stopped.
    case interrupted

    public var description: String {
        switch self {
        case .cannotStart(let why): return "could not be started: \(why)"
        case let .exited(how, waitingFor): return "\(how) while attnbench waited for \(waitingFor)"
        case let .timedOut(seconds, waitingFor):
            return "did not answer within \(HumanSeconds.text(seconds)) (waiting for \(waitingFor)); it was stopped "
                + "(raise run --provider-timeout if its calls are that slow)"
        case .protocolViolation(let what): return "broke the protocol: \(what)"
        case .interrupted: return "stopped because the run was interrupted"
        }
    }
}

/// Seconds in messages: `2 s`, `0.5 s`.
enum HumanSeconds {
    static func text(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}

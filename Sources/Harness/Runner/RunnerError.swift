/// Why a run could not start. Messages name the value and the problem, not the command
/// line option it came from (the CLI adds that).
public enum RunnerError: Error, Equatable, CustomStringConvertible {
    /// The filter (pattern, reason) is not a regular expression.
    case badFilter(String, String)
    /// The run directory (path, reason) could not be created.
    case cannotCreateDirectory(String, String)
    /// A setting from the environment is out of range (the whole message).
    case badSetting(String)

    public var description: String {
        switch self {
        case .badFilter(let p, let why): return "'\(p)' is not a valid regular expression (\(why))"
        case .cannotCreateDirectory(let path, let why): return "cannot create \(path) (\(why))"
        case .badSetting(let message): return message
        }
    }
}

import Foundation

/// Which Python runs the shipped providers (and a suite's `python` commands):
/// `ATTNBENCH_PYTHON` when set, else `.venv/bin/python` in the project (what
/// `make providers` creates), else `python3` on `PATH`.
public enum PythonFinder {
    /// The interpreter's path and where it came from (for messages and the run record).
    public struct Choice: Equatable, Sendable {
        public var path: String
        public var origin: String
    }

    /// The interpreter, or why there is none.
    public static func find(project: URL?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Result<Choice, ProviderError>
    {
        if let explicit = environment["ATTNBENCH_PYTHON"], !explicit.isEmpty {
            if let path = executable(explicit, environment: environment) {
                return .success(Choice(path: path, origin: "ATTNBENCH_PYTHON"))
            }
            return .failure(.cannotStart("ATTNBENCH_PYTHON=\(explicit) is not an executable file"))
        }
        if let project {
            let venv = project.appendingPathComponent(".venv/bin/python").path
            if FileManager.default.isExecutableFile(atPath: venv) {
                return .success(Choice(path: venv, origin: ".venv"))
            }
        }
        if let path = executable("python3", environment: environment) {
            return .success(Choice(path: path, origin: "PATH"))
        }
        return .failure(
            .cannotStart(
                "no Python found: set ATTNBENCH_PYTHON, run `make providers` (creates .venv), "
                    + "or install python3"))
    }

    /// `name` itself when it has a `/` and is executable, else the first executable
    /// `name` in `PATH`.
    static func executable(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

import Foundation

/// How to start one provider: the full command and the directory it runs in.
///
/// Shipped providers run `providers/<script>` of the project with the Python that
/// `PythonFinder` picks, in the project's root. A suite's own provider runs its command in
/// the suite file's directory; `python` or `python3` as the program means the same Python,
/// and a relative program path is taken from the suite's directory.
struct ProviderLaunch: Equatable {
    var command: [String]
    var directory: String

    /// The launch of `name` for `suite`, or why it cannot be started.
    static func resolve(
        _ name: String, suite: Suite, environment: [String: String] = ProcessInfo.processInfo.environment,
        project: URL? = ProjectLocator.root()
    ) -> Result<ProviderLaunch, ProviderError> {
        if let script = ProviderName.shippedScript(name) {
            guard let project else {
                return .failure(
                    .cannotStart(
                        "the shipped provider providers/\(script) was not found above the attnbench "
                            + "binary or the current directory (run attnbench from its checkout)"))
            }
            return PythonFinder.find(project: project, environment: environment).map { python in
                ProviderLaunch(
                    command: [python.path, project.appendingPathComponent("providers/\(script)").path],
                    directory: project.path)
            }
        }
        guard let declaration = suite.providers.first(where: { $0.name == name }),
            let program = declaration.command.first
        else {
            return .failure(
                .cannotStart(
                    "no provider named '\(name)' (the suite declares "
                        + "\(suite.providers.map(\.name).joined(separator: ", ")))"))
        }
        let suiteDirectory = URL(fileURLWithPath: suite.file).deletingLastPathComponent().standardizedFileURL
        var command = declaration.command
        if program == "python" || program == "python3" {
            switch PythonFinder.find(project: project, environment: environment) {
            case .success(let python): command[0] = python.path
            case .failure(let error): return .failure(error)
            }
        } else if program.contains("/") && !program.hasPrefix("/") {
            command[0] = suiteDirectory.appendingPathComponent(program).standardizedFileURL.path
        }
        return .success(ProviderLaunch(command: command, directory: suiteDirectory.path))
    }
}

import Harness

extension SuiteLoader {
    /// The suites named on the command line (`Suites/quick.yaml` when none), loaded and
    /// checked; a bad suite is bad input (exit 2) with the loader's file:line message.
    func loadRunnable(arguments paths: [String]) throws -> [RunnableSuite] {
        var runnable: [RunnableSuite] = []
        for path in paths.isEmpty ? ["Suites/quick.yaml"] : paths {
            do {
                runnable.append(try loadRunnable(path: path))
            } catch {
                throw CLIError.badInput(error.description)
            }
        }
        return runnable
    }
}

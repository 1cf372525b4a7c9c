import Foundation

/// Where a run's files go: `<results>/<suite>/<UTC time>-<host>/`, with `-2`, `-3`, …
/// appended when a run of the same second and host already has that name, so no run
/// overwrites another.
public enum RunDirectory {
    /// Creates the directory for a run of `suite` started at `startedAt` and returns it.
    public static func create(
        under results: URL, suite: String, startedAt: Date,
        host: String = SystemInfo.hostName()
    ) throws(RunnerError) -> URL {
        let stamp = RunTimestamp.directoryStamp(startedAt)
        let base = results.appendingPathComponent(suite)
        var dir = base.appendingPathComponent("\(stamp)-\(host)")
        var n = 2
        while FileManager.default.fileExists(atPath: dir.path) {
            dir = base.appendingPathComponent("\(stamp)-\(host)-\(n)")
            n += 1
        }
        do {
            try AtomicFile.createDirectory(dir)
        } catch {
            throw RunnerError.cannotCreateDirectory(dir.path, error.reason)
        }
        return dir
    }
}

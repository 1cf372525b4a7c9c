import Foundation

/// Reads and writes run records on disk.
///
/// A run lives in a directory (`Results/<suite>/<UTC time>-<host>/`) whose `run.json`
/// holds everything; the other files there are derived from it. Commands accept either
/// the directory or the JSON file itself (a run.json or a baseline), so `load` takes both.
public enum RunRecordStore {
    /// Name of the record file inside a run directory.
    public static let fileName = "run.json"

    /// The JSON file meant by `path`: `path/run.json` for a directory, `path` otherwise.
    public static func recordURL(for path: URL) -> URL {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return path.appendingPathComponent(fileName)
        }
        return path
    }

    /// Loads a run from a run directory or a JSON file path (as typed on the command line).
    public static func load(_ path: String) throws -> RunRecord {
        try load(from: URL(fileURLWithPath: path))
    }

    /// Loads a run from a run directory or a JSON file.
    public static func load(from path: URL) throws -> RunRecord {
        let file = recordURL(for: path)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw RunRecordError.notFound(path: path.path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw RunRecordError.unreadable(path: file.path, reason: error.localizedDescription)
        }
        return try RunRecord.decode(jsonData: data, path: file.path)
    }

    /// Atomically writes `run` as `directory/run.json`, creating the directory if needed.
    /// Call it after every finished case: an interrupted run then keeps what it finished.
    @discardableResult
    public static func write(_ run: RunRecord, toDirectory directory: URL) throws -> URL {
        try AtomicFile.createDirectory(directory)
        let file = directory.appendingPathComponent(fileName)
        try write(run, toFile: file)
        return file
    }

    /// Atomically writes `run` as JSON to `file` (its directory must exist).
    public static func write(_ run: RunRecord, toFile file: URL) throws {
        let data: Data
        do {
            data = try run.jsonData()
        } catch {
            throw RunRecordError.writeFailed(path: file.path, reason: "cannot encode the record: \(error)")
        }
        try AtomicFile.write(data, to: file)
    }
}

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

    /// Reading a record needs about this many times its size in memory (the parsed
    /// document and the decoded record beside the text).
    public static let memoryPerByte = 8

    /// Loads a run from a run directory or a JSON file, with the cases of an unfinished
    /// run's journal (`RunJournal`) when one is next to it. A file whose decoding would
    /// need more than `memory` is refused with its size.
    public static func load(from path: URL, memory: MemoryBudget = .standard()) throws -> RunRecord {
        let file = recordURL(for: path)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw RunRecordError.notFound(path: path.path)
        }
        let limit = memory.limitBytes / memoryPerByte
        let data: Data
        do {
            data = try InputFile.readAll(
                file.path, limit: limit, what: "run record",
                hint: "reading it takes about \(memoryPerByte)× its size in memory; "
                    + "raise the limit with --max-memory or \(MemoryBudget.environmentVariable)")
        } catch {
            throw RunRecordError.unreadable(path: file.path, reason: error.reason)
        }
        var record = try RunRecord.decode(jsonData: data, path: file.path)
        if file.lastPathComponent == fileName {
            let journal = file.deletingLastPathComponent().appendingPathComponent(RunJournal.fileName)
            if FileManager.default.fileExists(atPath: journal.path) {
                try RunJournal.recover(into: &record, from: journal, limit: limit)
                try record.validate(path: file.path)
            }
        }
        return record
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

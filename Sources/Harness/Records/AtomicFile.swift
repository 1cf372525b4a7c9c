import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see either the old contents or the new, never a
/// truncated mix: the bytes go to a temporary file in the same directory (same file
/// system, so the rename is atomic), are flushed to disk, and the temporary file is
/// renamed over the destination. An interrupted run therefore never leaves a broken
/// run.json behind.
public enum AtomicFile {
    /// Atomically replaces (or creates) the file at `url` with `data`. The parent
    /// directory must exist.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
            throw RunRecordError.writeFailed(path: url.path, reason: "cannot create a temporary file in \(directory.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temp)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw RunRecordError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
        if rename(temp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw RunRecordError.writeFailed(path: url.path, reason: reason)
        }
    }

    /// Atomically writes UTF-8 text.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}

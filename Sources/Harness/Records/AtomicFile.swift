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
///
/// A destination that is not a regular file is never replaced: a character device
/// (`/dev/null`, a terminal) is written in place, a FIFO only when a reader has it open
/// (never blocking), and a directory, block device or socket is refused. A symbolic link
/// is followed, so the file it points to is replaced and the link stays. Every failure
/// names the path and the operating system's reason.
public enum AtomicFile {
    /// Atomically replaces (or creates) the file at `url` with `data`. The parent
    /// directory must exist.
    public static func write(_ data: Data, to url: URL) throws(RunRecordError) {
        var st = stat()
        if stat(url.path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG:
                break
            case S_IFCHR:
                return try writeInPlace(data, to: url.path, flags: O_WRONLY)
            case S_IFIFO:
                // Without a reader, open fails with ENXIO instead of waiting for one.
                return try writeInPlace(data, to: url.path, flags: O_WRONLY | O_NONBLOCK)
            case S_IFDIR:
                throw RunRecordError.writeFailed(path: url.path, reason: "is a directory")
            default:
                throw RunRecordError.writeFailed(
                    path: url.path, reason: "is not a regular file (a block device or socket); refusing to replace it")
            }
        }
        // Replace the file a symbolic link points to, not the link.
        let target = url.resolvingSymlinksInPath()
        let directory = target.deletingLastPathComponent()
        let temp = directory.appendingPathComponent(
            ".\(target.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RunRecordError.writeFailed(
                path: url.path, reason: "cannot create a file in \(directory.path): \(reason(errno))")
        }
        do throws(RunRecordError) {
            defer { close(fd) }
            try writeAll(data, fd: fd, path: url.path)
            if fsync(fd) != 0 { throw RunRecordError.writeFailed(path: url.path, reason: reason(errno)) }
        } catch {
            unlink(temp.path)
            throw error
        }
        if rename(temp.path, target.path) != 0 {
            let why = reason(errno)
            unlink(temp.path)
            throw RunRecordError.writeFailed(path: url.path, reason: why)
        }
    }

    /// Atomically writes UTF-8 text.
    public static func write(_ text: String, to url: URL) throws(RunRecordError) {
        try write(Data(text.utf8), to: url)
    }

    /// Creates `url` and its missing parents as directories; an error names the first
    /// component that could not be created (or is not a directory) and why.
    public static func createDirectory(_ url: URL) throws(RunRecordError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw RunRecordError.writeFailed(path: url.path, reason: "exists and is not a directory")
        }
        let parent = url.deletingLastPathComponent()
        if parent.path != url.path { try createDirectory(parent) }
        if mkdir(url.path, 0o777) != 0 && errno != EEXIST {
            throw RunRecordError.writeFailed(path: url.path, reason: "cannot create the directory: \(reason(errno))")
        }
    }

    /// Writes into an existing device or FIFO without replacing it.
    private static func writeInPlace(_ data: Data, to path: String, flags: Int32) throws(RunRecordError) {
        let fd = open(path, flags | O_CLOEXEC)
        guard fd >= 0 else {
            let why = errno == ENXIO ? "is a FIFO that nothing reads; refusing to wait for a reader" : reason(errno)
            throw RunRecordError.writeFailed(path: path, reason: why)
        }
        defer { close(fd) }
        if flags & O_NONBLOCK != 0 { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        try writeAll(data, fd: fd, path: path)
    }

    static func writeAll(_ data: Data, fd: Int32, path: String) throws(RunRecordError) {
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let n = systemWrite(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure != 0 { throw RunRecordError.writeFailed(path: path, reason: reason(failure)) }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// write(2), named apart from `AtomicFile.write`.
@inline(__always) private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

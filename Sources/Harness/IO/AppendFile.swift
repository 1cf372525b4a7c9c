import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends to a file that others also write (GitHub's `$GITHUB_STEP_SUMMARY`), creating
/// it when missing. Never blocks on a FIFO nobody reads, and names the operating
/// system's reason when it fails (a full disk, a directory), so the caller can warn.
public enum AppendFile {
    public static func append(_ data: Data, to path: String) throws(RunRecordError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let why = errno == ENXIO ? "is a FIFO that nothing reads" : AtomicFile.reason(errno)
            throw RunRecordError.writeFailed(path: path, reason: why)
        }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        try AtomicFile.writeAll(data, fd: fd, path: path)
    }
}

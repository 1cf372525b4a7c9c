import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads input files (suites, run records, .npy arrays) without trusting what the path
/// names: a directory is refused, a FIFO without a writer reads as empty instead of
/// blocking, and a device such as `/dev/zero` is read only up to the caller's limit, so no
/// input can hang attnbench or make it allocate without end.
///
/// Why not `Data(contentsOf:)`: it blocks on a FIFO nobody writes and reads `/dev/zero`
/// until memory runs out.
public final class InputFile {
    /// Why an input could not be read; `description` names the file and the reason.
    public struct Failure: Error, Equatable, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public let path: String
    private let fd: Int32
    /// Size of a regular file in bytes (nil for pipes and devices).
    public let regularFileSize: Int?

    /// Opens `path` for reading.
    public init(path: String) throws(Failure) {
        self.path = path
        // Non-blocking, so that opening a FIFO without a writer returns at once.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, reason: Self.reason(errno)) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            close(fd)
            throw Failure(path: path, reason: Self.reason(e))
        }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR {
            close(fd)
            throw Failure(path: path, reason: "is a directory, not a file")
        }
        // Reads block normally from here on; a FIFO without a writer reads as end of file.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.fd = fd
        regularFileSize = type == S_IFREG ? Int(st.st_size) : nil
    }

    deinit { close(fd) }

    /// Up to `count` bytes (fewer only at the end of the file), read in chunks so that
    /// nothing beyond what the file really holds is allocated.
    public func read(upTo count: Int) throws(Failure) -> Data {
        var data = Data()
        if let size = regularFileSize { data.reserveCapacity(min(count, size)) }
        var chunk = [UInt8](repeating: 0, count: min(max(0, count), 1 << 20))
        while data.count < count {
            let want = min(count - data.count, chunk.count)
            let n = chunk.withUnsafeMutableBytes { buffer in systemRead(fd, buffer.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: Self.reason(errno))
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
        }
        return data
    }

    /// Fills `buffer` from the file; returns the bytes read (fewer only at its end).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        var filled = 0
        while filled < buffer.count, let base = buffer.baseAddress {
            let n = systemRead(fd, base + filled, min(buffer.count - filled, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: Self.reason(errno))
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// The whole file, refusing it when it holds more than `limit` bytes (`what` names the
    /// kind of file in the message, `hint` says how to raise the limit).
    public static func readAll(_ path: String, limit: Int, what: String, hint: String = "") throws(Failure) -> Data {
        let file = try InputFile(path: path)
        if let size = file.regularFileSize, size > limit {
            throw Failure(path: path, reason: tooLarge(size: "\(size) bytes", limit: limit, what: what, hint: hint))
        }
        let data = try file.read(upTo: limit == Int.max ? limit : limit + 1)
        if data.count > limit {
            throw Failure(
                path: path, reason: tooLarge(size: "more than \(limit) bytes", limit: limit, what: what, hint: hint))
        }
        return data
    }

    static func tooLarge(size: String, limit: Int, what: String, hint: String) -> String {
        "is \(size), more than the \(ByteSize.format(limit)) a \(what) may have" + (hint.isEmpty ? "" : "; \(hint)")
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// read(2), named apart from `InputFile.read`.
@inline(__always) private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

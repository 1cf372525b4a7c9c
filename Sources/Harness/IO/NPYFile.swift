import AttentionKernels
import Foundation

/// Reading and writing NumPy `.npy` files: format versions 1.0 and 2.0 (3.0 is read
/// too: it differs only in the header's text encoding), little-endian float32 (`<f4`),
/// C order. 3-D arrays `[H, L, D]` read as batch 1.
///
/// Why hand-written: no Swift package in reach reads .npy, and the format is a short
/// text header plus raw data; every failure names the file and the problem.
public enum NPYFile {
    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        public let path: String
        public let problem: String
        public var description: String { "\(path): \(problem)" }

        public init(path: String, problem: String) {
            self.path = path
            self.problem = problem
        }
    }

    /// Reads a 3-D or 4-D `<f4` C-order array as a `Tensor4`, refusing one whose data
    /// would not fit `memory`.
    public static func read(_ path: String, memory: MemoryBudget = .standard()) throws(Error) -> Tensor4 {
        let file = try open(path)
        try file.checkRankForTensor()
        try file.check(memory)
        return try file.readTensor()
    }

    /// Parses the bytes of a .npy file as a tensor; `path` only names it in errors.
    public static func parse(_ data: Data, path: String) throws(Error) -> Tensor4 {
        let (shape, values) = try parseArray(data, path: path)
        return try tensor(shape: shape, values: values, path: path)
    }

    static func tensor(shape: [Int], values: [Float], path: String) throws(Error) -> Tensor4 {
        guard shape.count == 3 || shape.count == 4 else {
            throw Error(path: path, problem: rankProblem(shape))
        }
        let dims = shape.count == 3 ? [1] + shape : shape
        guard let t = Tensor4(batch: dims[0], heads: dims[1], length: dims[2], dim: dims[3], storage: values) else {
            throw Error(path: path, problem: "shape \(shape) does not match the data")
        }
        return t
    }

    static func rankProblem(_ shape: [Int]) -> String {
        "array has \(shape.count) dimensions \(shape); expected [B, H, L, D] or [H, L, D]"
    }

    /// Reads a `<f4` C-order array of any rank, refusing one whose data would not fit `memory`.
    public static func readArray(_ path: String, memory: MemoryBudget = .standard()) throws(Error) -> (
        shape: [Int], values: [Float]
    ) {
        let file = try open(path)
        try file.check(memory)
        return (file.shape, try file.readValues())
    }

    /// Opens `path` and reads only its header, so that callers can check the shape (and
    /// the memory its data needs) before any data is read.
    public static func open(_ path: String) throws(Error) -> NPYArrayFile {
        let input: InputFile
        do {
            input = try InputFile(path: path)
        } catch {
            throw Error(path: path, problem: "cannot read file (\(error.reason))")
        }
        func read(_ count: Int) throws(Error) -> [UInt8] {
            do {
                return [UInt8](try input.read(upTo: max(0, count)))
            } catch {
                throw Error(path: path, problem: "cannot read file (\(error.reason))")
            }
        }
        var bytes = try read(12)
        let (start, length) = try parsePrefix(bytes, path: path)
        bytes += try read(start + length - bytes.count)
        guard bytes.count >= start + length else { throw Error(path: path, problem: "truncated header") }
        let (shape, count) = try parseHeader(Array(bytes[start..<(start + length)]), path: path)
        return NPYArrayFile(
            path: path, shape: shape, count: count, dataOffset: start + length, input: input,
            leftover: Array(bytes[(start + length)...]))
    }

    /// Largest header accepted (NumPy writes 64 to a few hundred bytes).
    static let maxHeaderBytes = 1 << 20

    /// Magic, version and header length: where the header starts and how long it is.
    static func parsePrefix(_ bytes: [UInt8], path: String) throws(Error) -> (start: Int, length: Int) {
        func fail(_ p: String) -> Error { Error(path: path, problem: p) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail("not a .npy file (bad magic: expected \\x93NUMPY)")
        }
        let headerLength: Int, headerStart: Int
        switch bytes[6] {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported .npy format version \(bytes[6]).\(bytes[7]) (1.0, 2.0 and 3.0 are supported)")
        }
        guard headerLength <= maxHeaderBytes else {
            throw fail("header of \(headerLength) bytes is implausibly long (at most \(maxHeaderBytes))")
        }
        return (headerStart, headerLength)
    }

    /// The header's dictionary: a `<f4`, C-order array, and its element count (checked).
    static func parseHeader(_ bytes: [UInt8], path: String) throws(Error) -> (shape: [Int], count: Int) {
        func fail(_ p: String) -> Error { Error(path: path, problem: p) }
        guard let header = String(bytes: bytes, encoding: .utf8) else { throw fail("header is not text") }
        let dict = try NPYHeader(parsing: header, path: path)
        guard dict.descr == "<f4" || dict.descr == "=f4" || (dict.descr == "|f4") else {
            throw fail(
                "dtype '\(dict.descr)' is not supported; attnbench reads little-endian float32 ('<f4') — convert with arr.astype('<f4')"
            )
        }
        guard !dict.fortranOrder else {
            throw fail("Fortran order is not supported; save a C-order array (np.ascontiguousarray)")
        }
        guard let count = CheckedSize.productOrNil(dict.shape), CheckedSize.productOrNil(count, 4) != nil else {
            throw fail("shape \(dict.shape) has more elements than any file or memory can hold")
        }
        return (dict.shape, count)
    }

    /// Parses a `<f4` C-order array of any rank.
    public static func parseArray(_ data: Data, path: String) throws(Error) -> (shape: [Int], values: [Float]) {
        let prefix = [UInt8](data.prefix(12))
        let (headerStart, headerLength) = try parsePrefix(prefix, path: path)
        guard data.count >= headerStart + headerLength else { throw Error(path: path, problem: "truncated header") }
        let start = data.startIndex
        let (shape, count) = try parseHeader(
            [UInt8](data[(start + headerStart)..<(start + headerStart + headerLength)]),
            path: path)
        let payload = data.count - headerStart - headerLength
        try checkPayload(payload, count: count, shape: shape, path: path)
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[(headerStart + headerLength)...]))
            }
        }
        #if _endian(big)
        values = values.map { Float(bitPattern: $0.bitPattern.byteSwapped) }
        #endif
        return (shape, values)
    }

    /// The data must be exactly `count` float32 values.
    static func checkPayload(_ payload: Int, count: Int, shape: [Int], path: String) throws(Error) {
        let needed = count * 4
        guard payload >= needed else {
            throw Error(
                path: path, problem: "truncated data: shape \(shape) needs \(needed) bytes, file has \(payload)")
        }
        guard payload == needed else {
            throw Error(path: path, problem: "\(payload - needed) unexpected bytes after the data for shape \(shape)")
        }
    }

    /// Encodes a tensor as a version 1.0 `.npy` (`<f4`, C order, shape `[B, H, L, D]`).
    public static func encode(_ t: Tensor4) -> Data {
        encode(shape: t.shape, values: t.storage)
    }

    /// Encodes an array of any rank as a version 1.0 `.npy` (`<f4`, C order).
    public static func encode(shape: [Int], values: [Float]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad so that magic + version + length + header is a multiple of 64, ending in \n.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let len = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(len & 0xFF), UInt8(len >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// Writes a tensor atomically (temporary file, then rename; see `AtomicFile` for
    /// destinations that are not regular files).
    public static func write(_ t: Tensor4, to path: String) throws(Error) {
        try write(encode(t), to: path)
    }

    /// Writes an array of any rank atomically.
    public static func write(shape: [Int], values: [Float], to path: String) throws(Error) {
        try write(encode(shape: shape, values: values), to: path)
    }

    static func write(_ data: Data, to path: String) throws(Error) {
        do {
            try AtomicFile.write(data, to: URL(fileURLWithPath: path))
        } catch {
            throw Error(path: path, problem: "cannot write file (\(error.reason))")
        }
    }
}

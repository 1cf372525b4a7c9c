import AttentionKernels
import Foundation

/// A .npy file whose header has been read (`NPYFile.open`): its shape is known, its data
/// not yet read, so a command can refuse an array that would not fit in memory (or whose
/// size does not match the file) before allocating for it.
public final class NPYArrayFile {
    public let path: String
    /// The array's shape as the header states it.
    public let shape: [Int]
    /// Elements (the product of `shape`, known to fit in `Int` with its bytes).
    public let count: Int
    /// Bytes of the float32 data.
    public var dataBytes: Int { count * 4 }
    let dataOffset: Int
    let input: InputFile
    /// Data bytes read together with the header.
    let leftover: [UInt8]

    init(path: String, shape: [Int], count: Int, dataOffset: Int, input: InputFile, leftover: [UInt8]) {
        self.path = path
        self.shape = shape
        self.count = count
        self.dataOffset = dataOffset
        self.input = input
        self.leftover = leftover
    }

    /// Refuses the array when its data would not fit `memory`, or (for a regular file)
    /// when the file is not exactly header plus data: both without reading the data.
    public func check(_ memory: MemoryBudget) throws(NPYFile.Error) {
        if let size = input.regularFileSize {
            try NPYFile.checkPayload(size - dataOffset, count: count, shape: shape, path: path)
        }
        if let refusal = memory.refusal("the array of shape \(shape)", needs: dataBytes) {
            throw NPYFile.Error(path: path, problem: refusal)
        }
    }

    /// `attend` reads 3-D and 4-D arrays only.
    public func checkRankForTensor() throws(NPYFile.Error) {
        guard shape.count == 3 || shape.count == 4 else {
            throw NPYFile.Error(path: path, problem: NPYFile.rankProblem(shape))
        }
    }

    /// The data as float32 values (exactly `count` of them, or an error naming the file).
    public func readValues() throws(NPYFile.Error) -> [Float] {
        if let size = input.regularFileSize {
            try NPYFile.checkPayload(size - dataOffset, count: count, shape: shape, path: path)
        }
        let needed = dataBytes
        let fromLeftover = min(leftover.count, needed)
        var failure: InputFile.Failure?
        var got = 0
        var values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.copyBytes(from: leftover.prefix(fromLeftover))
            do throws(InputFile.Failure) {
                got =
                    fromLeftover + (try input.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[fromLeftover...])))
            } catch {
                failure = error
            }
            if got < needed, let base = raw.baseAddress {
                (base + got).initializeMemory(as: UInt8.self, repeating: 0, count: needed - got)
            }
            initialized = count
        }
        if let failure { throw NPYFile.Error(path: path, problem: "cannot read file (\(failure.reason))") }
        var extra = leftover.count - fromLeftover
        if extra == 0, let more = try? input.read(upTo: 1) { extra = more.count }
        try NPYFile.checkPayload(got + (extra > 0 ? 1 : 0), count: count, shape: shape, path: path)
        #if _endian(big)
        values = values.map { Float(bitPattern: $0.bitPattern.byteSwapped) }
        #endif
        _ = values.count
        return values
    }

    /// The data as a tensor (3-D arrays as batch 1).
    public func readTensor() throws(NPYFile.Error) -> Tensor4 {
        try checkRankForTensor()
        return try NPYFile.tensor(shape: shape, values: try readValues(), path: path)
    }
}

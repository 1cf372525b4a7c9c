/// A contiguous, row-major float32 tensor of rank 4, `[batch, heads, length, dim]`.
///
/// This is the layout PyTorch's `scaled_dot_product_attention` uses for Q, K, V and O.
/// Storage is a plain `[Float]` so the value is safe to pass around; kernels borrow it
/// through `withUnsafeBufferPointer` for the duration of one call.
///
/// Invariant: `storage.count == batch · heads · length · dim`. The kernels read and
/// write through unsafe pointers sized by the shape, so the invariant is what keeps them
/// in bounds: every initialiser checks it, and outside this module `storage` is
/// read-only (values change only through the subscript or
/// `withUnsafeMutableBufferPointer`, neither of which can change the count). Inside
/// the module it is settable so kernels and quantizers can write in place.
public struct Tensor4: Equatable, Sendable {
    public let batch: Int
    public let heads: Int
    public let length: Int
    public let dim: Int
    public internal(set) var storage: [Float]

    /// `batch · heads · length · dim`, or nil when an extent is negative or the product
    /// overflows `Int`.
    public static func elementCount(batch: Int, heads: Int, length: Int, dim: Int) -> Int? {
        guard batch >= 0, heads >= 0, length >= 0, dim >= 0 else { return nil }
        var count = 1
        for extent in [batch, heads, length, dim] {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// A zero-filled tensor. The extents are the caller's own numbers (a validated
    /// shape); a negative extent or an element count beyond `Int` stops the program.
    public init(batch: Int, heads: Int, length: Int, dim: Int) {
        guard let count = Self.elementCount(batch: batch, heads: heads, length: length, dim: dim) else {
            preconditionFailure("tensor extents [\(batch), \(heads), \(length), \(dim)] are negative or too large")
        }
        self.batch = batch
        self.heads = heads
        self.length = length
        self.dim = dim
        self.storage = [Float](repeating: 0, count: count)
    }

    /// Wraps existing values; nil when an extent is negative or the count does not match
    /// the shape.
    public init?(batch: Int, heads: Int, length: Int, dim: Int, storage: [Float]) {
        guard let count = Self.elementCount(batch: batch, heads: heads, length: length, dim: dim),
            storage.count == count
        else { return nil }
        self.batch = batch
        self.heads = heads
        self.length = length
        self.dim = dim
        self.storage = storage
    }

    /// `[batch, heads, length, dim]`.
    public var shape: [Int] { [batch, heads, length, dim] }
    public var count: Int { storage.count }

    /// Offset of row `(b, h, position)`; the row holds `dim` contiguous values.
    @inlinable
    public func rowOffset(batch b: Int, head h: Int, position p: Int) -> Int {
        ((b * heads + h) * length + p) * dim
    }

    public subscript(b: Int, h: Int, p: Int, d: Int) -> Float {
        get { storage[rowOffset(batch: b, head: h, position: p) + d] }
        set { storage[rowOffset(batch: b, head: h, position: p) + d] = newValue }
    }

    /// Calls `body` with the values in storage order, for reading without copies.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the values in storage order, for writing in place. The buffer
    /// has exactly `count` elements and cannot be replaced, so the shape stays true.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R)
        rethrows -> R
    {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Largest absolute value (0 for an empty tensor); NaN propagates.
    public var maxAbs: Float {
        var m: Float = 0
        for x in storage {
            if x.isNaN { return .nan }
            m = max(m, abs(x))
        }
        return m
    }
}

/// A contiguous, row-major float32 tensor of rank 4, `[batch, heads, length, dim]`.
///
/// This is the layout PyTorch's `scaled_dot_product_attention` uses for Q, K, V and O.
/// Storage is a plain `[Float]` so the value is safe to pass around; kernels borrow
/// it through `withUnsafeBufferPointer` for the duration of one call.
public struct Tensor4: Equatable, Sendable {
    public let batch: Int
    public let heads: Int
    public let length: Int
    public let dim: Int
    public var storage: [Float]

    /// A zero-filled tensor.
    public init(batch: Int, heads: Int, length: Int, dim: Int) {
        precondition(batch >= 0 && heads >= 0 && length >= 0 && dim >= 0, "negative tensor extent")
        self.batch = batch
        self.heads = heads
        self.length = length
        self.dim = dim
        self.storage = [Float](repeating: 0, count: batch * heads * length * dim)
    }

    /// Wraps existing values; returns nil when the count does not match the shape.
    public init?(batch: Int, heads: Int, length: Int, dim: Int, storage: [Float]) {
        guard batch >= 0, heads >= 0, length >= 0, dim >= 0,
              storage.count == batch * heads * length * dim else { return nil }
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

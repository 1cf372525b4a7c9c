/// Why an attention configuration or call was refused. Every case carries the full
/// message shown to the user, naming the numbers involved.
public struct AttentionError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case headLayout, shape, tile, sramCapacity, option, precision
        /// A size (elements, bytes, FLOPs, traffic) does not fit in a 64-bit integer.
        case size
    }
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

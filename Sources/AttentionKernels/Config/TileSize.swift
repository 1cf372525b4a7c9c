/// A tile of `rows` query rows (Br) by `cols` keys (Bc), written `BRxBC` (e.g. `64x64`).
public struct TileSize: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rows: Int
    public var cols: Int

    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
    }

    /// Parses `BRxBC`; nil when the text is not two positive integers around an `x`.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let r = Int(parts[0]), let c = Int(parts[1]), r > 0, c > 0 else { return nil }
        self.init(rows: r, cols: c)
    }

    public var description: String { "\(rows)x\(cols)" }

    public static let defaultTile = TileSize(rows: 64, cols: 64)
}

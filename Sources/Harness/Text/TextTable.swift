/// A plain-text table with aligned columns for a terminal (`list`, `model`, `speed`):
/// a header, a rule, the rows, and optionally a rule and footer rows (totals). Columns
/// in `leftAligned` (text) are padded on the right, the others (numbers) on the left;
/// columns are separated by two spaces.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Rows after a second rule, e.g. a total.
    public var footer: [[String]]
    public var leftAligned: Set<Int>

    public init(header: [String], rows: [[String]], footer: [[String]] = [], leftAligned: Set<Int> = [0]) {
        self.header = header
        self.rows = rows
        self.footer = footer
        self.leftAligned = leftAligned
    }

    public func render() -> String {
        var widths = header.map(\.count)
        for row in rows + footer {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, (i < widths.count ? widths[i] : 0) - c.count))
                return leftAligned.contains(i) ? c + pad : pad + c
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var out = [line(header), rule] + rows.map(line)
        if !footer.isEmpty { out += [rule] + footer.map(line) }
        return out.joined(separator: "\n")
    }
}

import Harness

/// A GitHub-flavoured Markdown table. Cells are escaped (`|` and newlines), numeric
/// columns can be right-aligned.
struct MarkdownTable {
    var header: [String]
    var rightAligned: Set<Int> = []
    var rows: [[String]] = []

    init(header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    static func escape(_ cell: String) -> String {
        // Most cells need nothing; Foundation's replacing is slow on Linux (large runs have
        // hundreds of thousands of cells).
        guard cell.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "\n") }) else { return cell }
        return cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    func render() -> String {
        let head = "| " + header.map(Self.escape).joined(separator: " | ") + " |"
        let rule = "|" + header.indices.map { rightAligned.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|"
        let body = rows.map { row in
            let padded = row + Array(repeating: "", count: max(0, header.count - row.count))
            return "| " + padded.map(Self.escape).joined(separator: " | ") + " |"
        }
        return ([head, rule] + body).joined(separator: "\n") + "\n"
    }
}

/// Small formatting helpers shared by the Markdown renderers.
enum MarkdownText {
    /// `code` span (backticks inside are replaced, not escaped, as GFM has no escape).
    static func code(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "`")) else { return "`" + text + "`" }
        return "`" + text.replacingOccurrences(of: "`", with: "'") + "`"
    }

    /// Median time with the half-width of its 95 % interval as a percentage:
    /// `1.23 ms ±2.4%`.
    static func timeWithCI(_ summary: Summary?) -> String {
        guard let s = summary else { return "–" }
        let spread = max(s.median - s.ciLow, s.ciHigh - s.median)
        guard s.median > 0, spread.isFinite, spread > 0 else { return HumanFormat.duration(ns: s.median) }
        return "\(HumanFormat.duration(ns: s.median)) ±\(HumanFormat.number(spread / s.median * 100))%"
    }

    static func optional(_ value: Double?, _ format: (Double) -> String) -> String {
        value.map(format) ?? "–"
    }
}

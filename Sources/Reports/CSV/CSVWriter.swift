/// RFC 4180 CSV output: fields containing a comma, quote, CR or LF are quoted, quotes
/// doubled; rows end with CRLF-free `\n` (what spreadsheet and pandas readers accept).
public enum CSVWriter {
    /// One field, quoted when needed.
    public static func field(_ value: String) -> String {
        guard
            value.utf8.contains(where: {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
            })
        else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A whole table: the header row then the data rows.
    public static func table(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") + "\n" }.joined()
    }
}

/// A small RFC 4180 reader (quoted fields, doubled quotes, embedded newlines, CRLF), for
/// reading results.csv back in the tests (attnbench itself only writes CSV).
enum CSVReader {
    /// Why a CSV text could not be read.
    enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case unterminatedQuote(line: Int)
        case unexpectedCharacterAfterQuote(line: Int)
        case emptyInput

        var description: String {
            switch self {
            case let .unterminatedQuote(line): return "CSV: quoted field opened on line \(line) is never closed"
            case let .unexpectedCharacterAfterQuote(line): return "CSV: text after a closing quote on line \(line)"
            case .emptyInput: return "CSV: no header row"
            }
        }
    }

    /// A parsed table with a header row.
    struct Table: Equatable, Sendable {
        var header: [String]
        var rows: [[String]]

        /// The column named `name` of row `row`; nil when the column does not exist.
        func value(_ name: String, row: Int) -> String? {
            guard let column = header.firstIndex(of: name), row < rows.count, column < rows[row].count else {
                return nil
            }
            return rows[row][column]
        }
    }

    /// Parses CSV text into rows of fields.
    static func rows(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false, afterQuote = false, rowHasContent = false
        var line = 1, quoteLine = 1
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false; afterQuote = true; pending = n
                        }
                    } else {
                        inQuotes = false; afterQuote = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                row.append(field); field = ""; afterQuote = false; rowHasContent = true
            case "\r":
                continue
            case "\n":
                if rowHasContent || !field.isEmpty || afterQuote { row.append(field); rows.append(row) }
                row = []; field = ""; afterQuote = false; rowHasContent = false; line += 1
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true; quoteLine = line; rowHasContent = true
            default:
                if afterQuote { throw Error.unexpectedCharacterAfterQuote(line: line) }
                field.unicodeScalars.append(c); rowHasContent = true
            }
        }
        if inQuotes { throw Error.unterminatedQuote(line: quoteLine) }
        if rowHasContent || !field.isEmpty || afterQuote { row.append(field); rows.append(row) }
        return rows
    }

    /// Parses CSV text whose first row is the header.
    static func table(_ text: String) throws -> Table {
        var all = try rows(text)
        guard !all.isEmpty else { throw Error.emptyInput }
        let header = all.removeFirst()
        return Table(header: header, rows: all)
    }
}

/// A position in a suite file, as every suite error names it: `file:line:column`.
///
/// Lines and columns start at 1 (as libYAML and editors count them). Line 0 means
/// "the file as a whole" (for example when it cannot be read), and renders as `file`.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The file as a whole, without a line.
    public static func wholeFile(_ file: String) -> SourceLocation {
        SourceLocation(file: file, line: 0, column: 0)
    }

    /// `file:line:column`, or `file` when no line is known.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }

    /// Orders by file, then line, then column: the order a reader goes through a file.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

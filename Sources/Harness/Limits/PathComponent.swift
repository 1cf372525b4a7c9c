/// Names that become one directory name of a run's path (`--out/<suite>/<time>-<host>/`).
///
/// A suite name is written by whoever wrote the suite file; a host name by whoever
/// administers the machine. Neither may lead a run outside `--out`, so a suite name must
/// be one harmless path component (checked when the suite is read, with its location),
/// and a host name is sanitised.
public enum PathComponent {
    /// Longest suite name, in UTF-8 bytes (file systems allow 255 per component).
    public static let maxBytes = 128

    /// The rule, as messages and docs state it.
    public static let rule = "1 to \(maxBytes) bytes, no '/', '\\\\' or control characters, not starting with '.'"

    /// Why `name` cannot be a directory name under `--out`, or nil when it can.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.utf8.count > maxBytes { return "is longer than \(maxBytes) bytes" }
        if name.hasPrefix(".") { return "starts with '.' (it would be '.', '..' or a hidden directory)" }
        if name.contains("/") || name.contains("\\") { return "contains a path separator ('/' or '\\')" }
        if name.unicodeScalars.contains(where: isControl) { return "contains a control character" }
        return nil
    }

    /// `name` with every character outside letters, digits, `.`, `-` and `_` replaced by
    /// `_`, never empty and never starting with `.` (for host names).
    public static func sanitized(_ name: String) -> String {
        var out = String(
            name.unicodeScalars.prefix(64).map { s -> Character in
                s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == ".")
                    ? Character(s) : "_"
            })
        if out.isEmpty || out.hasPrefix(".") { out = "_" + out }
        return out
    }

    /// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.properties.generalCategory == .control || s.value == 0x2028 || s.value == 0x2029
    }
}

import Foundation

/// The one way run records and run directories write a time: ISO 8601 in UTC to the
/// second (`2026-12-01T05:18:10Z`), so records sort and compare as text.
public enum RunTimestamp {
    /// `2026-12-01T05:18:10Z`, as `started_at` and `finished_at` store it.
    public static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// `2026-12-01T051810Z`: the ISO form without colons, for directory names.
    public static func directoryStamp(_ date: Date) -> String {
        iso8601(date).replacingOccurrences(of: ":", with: "")
    }
}

import Foundation

/// Numbers formatted for people: three significant digits, SI units for time, bytes
/// and rates. Machine-readable outputs (CSV, JSON) never use these; they keep full
/// precision.
public enum HumanFormat {
    /// Three significant digits without an exponent for everyday magnitudes, trailing
    /// zeros dropped: `1234` → `1234`, `12.345` → `12.3`, `0.0500` → `0.05`,
    /// `0.001234` → `0.00123`, `1.2e-7` → `1.2e-07`.
    public static func number(_ value: Double) -> String {
        trimZeros(significant(value))
    }

    private static func trimZeros(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: ".")), !text.utf8.contains(UInt8(ascii: "e")) else { return text }
        var t = Substring(text)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return String(t)
    }

    private static func significant(_ value: Double) -> String {
        // As run.json and the JSON outputs write them.
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e15 || magnitude < 1e-3 { return String(format: "%.3g", value) }
        if magnitude >= 100 { return String(format: "%.0f", value) }
        if magnitude >= 10 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        // [0.001, 1): three significant digits after the leading zeros.
        let decimals = 2 - Int(floor(log10(magnitude)))
        return String(format: "%.\(decimals)f", value)
    }

    /// A duration given in nanoseconds: `812 ns`, `12.3 µs`, `1.23 ms`, `2.35 s`.
    public static func duration(ns: Double) -> String {
        guard ns.isFinite else { return number(ns) }
        let magnitude = abs(ns)
        if magnitude < 1e3 { return "\(number(ns)) ns" }
        if magnitude < 1e6 { return "\(number(ns / 1e3)) µs" }
        if magnitude < 1e9 { return "\(number(ns / 1e6)) ms" }
        return "\(number(ns / 1e9)) s"
    }

    /// Decimal bytes (traffic, as bandwidths are quoted): `512 B`, `1.23 MB`, `4.5 GB`.
    public static func bytes(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude < 1e3 { return "\(number(value)) B" }
        if magnitude < 1e6 { return "\(number(value / 1e3)) kB" }
        if magnitude < 1e9 { return "\(number(value / 1e6)) MB" }
        return "\(number(value / 1e9)) GB"
    }

    /// Binary bytes (cache and memory sizes, as vendors quote them): `32 KiB`, `1 MiB`.
    public static func binaryBytes(_ value: Int) -> String {
        let v = Double(value)
        if value < 1024 { return "\(value) B" }
        if value < 1 << 20 { return "\(number(v / 1024)) KiB" }
        if value < 1 << 30 { return "\(number(v / 1_048_576)) MiB" }
        return "\(number(v / 1_073_741_824)) GiB"
    }

    /// Megabytes (10⁶ bytes) as a bare number, for table columns headed "MB".
    public static func megabytes(_ value: Double) -> String { number(value / 1e6) }

    /// A ratio as a signed percentage: `+12.3%`, `-4.56%`, `0%`.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return number(fraction) }
        let text = number(fraction * 100)
        return (fraction > 0 ? "+" : "") + text + "%"
    }

    /// A threshold or level as an unsigned percentage: `10%`, `2.5%`.
    public static func plainPercent(_ fraction: Double) -> String { number(fraction * 100) + "%" }

    /// A speed-up factor: `2.31×`.
    public static func factor(_ value: Double) -> String { number(value) + "×" }

    /// A p-value: `<0.001` below a thousandth, else three significant digits.
    public static func pValue(_ p: Double) -> String { p < 0.001 ? "<0.001" : number(p) }
}

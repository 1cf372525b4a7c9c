import Foundation

/// Byte counts as people write and read them: `8GiB`, `512MiB`, `1.5TiB`.
///
/// Units are binary whatever their spelling (`KB` = `KiB` = 1024), as in suites' `sram`.
/// Why not `SRAMBudget.parseSize`: memory limits need GiB and TiB, and fractions (`1.5GiB`).
public enum ByteSize {
    /// Bytes for `text`: a non-negative number with an optional unit B, K/KB/KiB,
    /// M/MB/MiB, G/GB/GiB, T/TB/TiB (case-insensitive). Nil when it is not one, or when
    /// it does not fit in `Int`.
    public static func parse(_ text: String) -> Int? {
        let t = text.lowercased().filter { !$0.isWhitespace }
        let units: [(String, Double)] = [
            ("tib", 0x1p40), ("tb", 0x1p40), ("t", 0x1p40), ("gib", 0x1p30), ("gb", 0x1p30), ("g", 0x1p30),
            ("mib", 0x1p20), ("mb", 0x1p20), ("m", 0x1p20), ("kib", 0x1p10), ("kb", 0x1p10), ("k", 0x1p10), ("b", 1)
        ]
        var number = Substring(t), factor = 1.0
        for (suffix, f) in units where t.hasSuffix(suffix) {
            number = t.dropLast(suffix.count)
            factor = f
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }), let x = Double(number), x.isFinite,
            x >= 0
        else { return nil }
        let bytes = (x * factor).rounded()
        guard bytes < 0x1p63 else { return nil }
        return Int(bytes)
    }

    /// `1099511627808` → `1.0 TiB`: three significant digits in the largest binary unit.
    public static func format(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while abs(value) >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return "\(text) \(units[unit])"
    }
}

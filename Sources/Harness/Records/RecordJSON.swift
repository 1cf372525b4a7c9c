import Foundation

/// The JSON conventions of every file attnbench writes (run.json, baselines, comparison
/// JSON): snake_case keys, sorted keys, pretty printed, non-finite numbers as strings.
///
/// Foundation's built-in `.convertToSnakeCase` does not round-trip names with acronyms
/// (`peakRSSBytes` → `peak_rss_bytes` → `peakRssBytes`), so the conversion here is
/// explicit: a generic camelCase ↔ snake_case rule plus a table of the few property names
/// it cannot invert. Dictionary keys (counter names such as `PAPI_TOT_INS`, metric names
/// such as `wall_ns`, cache levels such as `L1d`) are left exactly as they are.
public enum RecordJSON {
    /// Properties whose names contain an acronym. Their snake_case form is listed so the
    /// decoder can map it back to the exact Swift name. Add a name here when a record
    /// type gains a property with an upper-case run (the round-trip test catches misses).
    public static let acronymProperties: [String: String] = [
        "peakRSSBytes": "peak_rss_bytes",
        "targetCPU": "target_cpu",
        "modeledGBs": "modeled_gb_s"
    ]

    private static let reverseAcronyms: [String: String] =
        Dictionary(uniqueKeysWithValues: acronymProperties.map { ($0.value, $0.key) })

    /// Strings used for NaN and infinities, which JSON numbers cannot express.
    public static let nonFiniteStrings = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// An encoder with attnbench's conventions (`compact`: one line, for the run journal).
    public static func encoder(compact: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            compact
            ? [.sortedKeys, .withoutEscapingSlashes]
            : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let names = KeyNameCache(convert: snakeCase)
        encoder.keyEncodingStrategy = .custom { path in
            PlainKey(names.name(for: path.last?.stringValue ?? ""))
        }
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFiniteStrings.positiveInfinity,
            negativeInfinity: nonFiniteStrings.negativeInfinity, nan: nonFiniteStrings.nan)
        return encoder
    }

    /// A decoder with attnbench's conventions (the inverse of `encoder()`).
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        // The strategy runs for every key of every object: a 200 MB run.json has millions.
        let names = KeyNameCache(convert: camelCase)
        decoder.keyDecodingStrategy = .custom { path in
            PlainKey(names.name(for: path.last?.stringValue ?? ""))
        }
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFiniteStrings.positiveInfinity,
            negativeInfinity: nonFiniteStrings.negativeInfinity, nan: nonFiniteStrings.nan)
        return decoder
    }

    /// `peakRSSBytes` → `peak_rss_bytes`. Names that are not lowerCamel identifiers
    /// (already snake_case, upper-case, or containing punctuation) are returned unchanged.
    public static func snakeCase(_ name: String) -> String {
        if let known = acronymProperties[name] { return known }
        guard let first = name.first, first.isLowercase, name.allSatisfy({ $0.isLetter || $0.isNumber }),
            name.contains(where: \.isUppercase)
        else { return name }
        let chars = Array(name)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0 {
                let prev = chars[i - 1]
                let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if !prev.isUppercase || nextIsLower { out.append("_") }
            }
            out.append(contentsOf: c.lowercased())
        }
        return out
    }

    /// `peak_rss_bytes` → `peakRSSBytes`; `ci_low` → `ciLow`. Keys that are not
    /// snake_case identifiers are returned unchanged.
    public static func camelCase(_ key: String) -> String {
        if let known = reverseAcronyms[key] { return known }
        // ASCII checks on bytes: Character properties and Foundation's `contains` are slow.
        let bytes = key.utf8
        guard bytes.contains(UInt8(ascii: "_")), let first = bytes.first,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            bytes.allSatisfy({
                $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            })
        else { return key }
        let words = key.split(separator: "_", omittingEmptySubsequences: true)
        guard let head = words.first else { return key }
        return String(head) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// Remembers key conversions: a record repeats the same few dozen keys millions of times.
final class KeyNameCache: @unchecked Sendable {
    private let convert: (String) -> String
    private var names: [String: String] = [:]
    private let lock = NSLock()

    init(convert: @escaping (String) -> String) {
        self.convert = convert
    }

    func name(for key: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let known = names[key] { return known }
        let converted = convert(key)
        // Dictionary keys (counter names) pass through here too; keep the cache bounded.
        if names.count < 4096 { names[key] = converted }
        return converted
    }
}

/// A coding key carrying only a string (used by the key strategies above).
struct PlainKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

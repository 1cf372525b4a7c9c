import AttentionKernels
import Foundation

/// Seeded random mutations of attnbench's inputs: suite YAML, run.json text, .npy bytes
/// and option values. Each mutation is small (one token, one span, one header field) so
/// that most mutants stay close enough to valid to reach deep into the code.
struct FuzzMutator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// Numbers at the edges of every type and check: zero, signs, powers of two around
    /// 32, 53 and 64 bits, floats where integers go, out-of-range and non-finite values.
    static let numbers = [
        "0", "-1", "1", "2", "3", "7", "15", "16", "17", "48", "63", "64", "65", "255", "1024", "4097", "65535",
        "65536",
        "1000000", "2147483647", "2147483648", "4294967296", "17179869184", "1000000000000", "9007199254740993",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
        "-9223372036854775808", "99999999999999999999999", "1e30", "1e308", "1e400", "-1e400", "1.5", "0.5", "-0",
        "0.0",
        "1e-320", "nan", ".nan", ".inf", "-.inf", "inf", "0x10", "1_000", "1e3"
    ]

    /// Strings that have broken parsers and paths elsewhere: escapes out of a directory,
    /// separators, control characters, very long text, YAML and JSON syntax.
    static let strings = [
        "../../x-FUZZMARK", "../x-FUZZMARK", "a/b", "..", ".", "", "\u{01}", "\u{7F}", "\\u0000", "\\n", "é", "😀",
        String(repeating: "a", count: 300), "-", "--help", "~", "*", "'", "\"", "{}", "[]", "null", "true", "yes",
        "auto", "0x0", "64x64", "1x1", "16777217x1", "1KiB", "1TiB", "9223372036854775807KiB", "192KiB", "e4m3",
        "flash", "three-pass", "online", "flash-v1", "fp8-e4m3", "fp8-e5m2", "block", "head", "tensor", "h100", "host",
        "seq_len", "kv_len", "head_dim", "heads", "kv_heads", "batch", "threads", "tile", "sram", "profile", "seed",
        "&anchor", "*anchor", "!!binary", "%TAG", "[[[[[[[[", "{a: {b: {c: ", "- - - -", ": :", "#"
    ]

    /// One small text mutation: a number token or a word replaced, a span deleted or
    /// duplicated, random characters inserted, two lines swapped, or the text cut short.
    mutating func mutate(text: String) -> String {
        var chars = Array(text.unicodeScalars)
        guard !chars.isEmpty else { return pick(Self.strings) }
        switch int(0...8) {
        case 0, 1:  // a number
            let numbers = Self.tokens(in: chars) { ("0"..."9").contains($0) || $0 == "-" || $0 == "." || $0 == "e" }
                .filter { ("0"..."9").contains(chars[$0.lowerBound]) || chars[$0.lowerBound] == "-" }
            let replacement = Array(pick(Self.numbers).unicodeScalars)
            if numbers.isEmpty {
                chars.insert(contentsOf: replacement, at: int(0...chars.count))
            } else {
                chars.replaceSubrange(pick(numbers), with: replacement)
            }
        case 2, 3:  // a word
            let words = Self.tokens(in: chars) { $0.properties.isAlphabetic || $0 == "_" || $0 == "-" }
            let replacement = Array(pick(Self.strings).unicodeScalars)
            if words.isEmpty {
                chars.insert(contentsOf: replacement, at: int(0...chars.count))
            } else {
                chars.replaceSubrange(pick(words), with: replacement)
            }
        case 4:  // delete a span
            let a = int(0...(chars.count - 1)), b = min(chars.count, a + int(1...40))
            chars.removeSubrange(a..<b)
        case 5:  // duplicate a span (one line or a few characters)
            let a = int(0...(chars.count - 1)), b = min(chars.count, a + int(1...60))
            chars.insert(contentsOf: chars[a..<b], at: int(0...chars.count))
        case 6:  // insert random characters
            let noise = (0..<int(1...6)).map { _ in Unicode.Scalar(UInt8(int(0...127))) }
            chars.insert(contentsOf: noise, at: int(0...chars.count))
        case 7:  // swap two lines
            var lines = String(String.UnicodeScalarView(chars)).split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 2 { lines.swapAt(int(0...(lines.count - 1)), int(0...(lines.count - 1))) }
            return lines.joined(separator: "\n")
        default:  // cut short
            chars.removeSubrange(int(0...(chars.count - 1))...)
        }
        return String(String.UnicodeScalarView(chars))
    }

    /// Ranges of maximal runs of scalars satisfying `member`.
    static func tokens(in chars: [Unicode.Scalar], _ member: (Unicode.Scalar) -> Bool) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < chars.count {
            guard member(chars[i]) else { i += 1; continue }
            var j = i
            while j < chars.count && member(chars[j]) { j += 1 }
            out.append(i..<j)
            i = j
        }
        return out
    }

    /// One mutation of a .npy file: its header text (shape, dtype, order), its fixed
    /// prefix (magic, version, header length), or its data (cut, extended, flipped).
    mutating func mutate(npy data: Data) -> Data {
        var bytes = [UInt8](data)
        guard bytes.count > 12 else { return Data(bytes + [UInt8(int(0...255))]) }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let headerEnd = min(bytes.count, 10 + headerLength)
        switch int(0...5) {
        case 0, 1:  // the header dictionary's text
            let header = String(decoding: bytes[10..<headerEnd], as: UTF8.self)
            var mutated = Array(mutate(text: header).utf8)
            if chance(0.7) {  // keep the declared length right so the header is read
                mutated = Array(mutated.prefix(60_000))
                bytes[8] = UInt8(mutated.count & 0xFF)
                bytes[9] = UInt8(mutated.count >> 8)
            }
            bytes.replaceSubrange(10..<headerEnd, with: mutated)
        case 2:  // magic, version or header length
            bytes[int(0...11)] = UInt8(int(0...255))
        case 3:  // cut the data (or the header)
            bytes.removeSubrange(int(min(headerEnd, bytes.count - 1)...(bytes.count - 1))...)
        case 4:  // extend it
            bytes += (0..<int(1...64)).map { _ in UInt8(int(0...255)) }
        default:  // flip data bytes (NaN, inf and subnormal floats appear)
            for _ in 0..<int(1...8) where bytes.count > headerEnd {
                bytes[int(headerEnd...(bytes.count - 1))] = pick([0x7F, 0xFF, 0x80, 0x00, 0x7F, UInt8(int(0...255))])
            }
        }
        return Data(bytes)
    }
}

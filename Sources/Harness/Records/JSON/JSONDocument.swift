import Foundation

/// A parsed JSON text as a flat array of nodes over the original bytes: scalars are kept
/// as byte ranges and converted only when a decoder asks for them, containers as ranges
/// of child indices, and every node remembers its parent, so that an error can name the
/// JSON path (`cases[3].samples[0].wall_ns`) and the line and column of the bad value.
///
/// Why hand-written: Foundation's `JSONDecoder` reads a run record at about 6 MB/s on
/// Linux (a 200 MB run.json took a minute), and reports a number out of range, or a
/// float where an integer goes, only as "The given data was not valid JSON" with no
/// location. There is no other JSON library in reach. This parser is strict RFC 8259
/// (no trailing commas, no comments) and does one pass over the bytes.
final class JSONDocument {
    enum Kind: UInt8 {
        case null, bool, number, string, array, object
    }

    /// Why the text is not JSON, and where.
    struct SyntaxError: Error {
        let message: String
        let offset: Int
    }

    let bytes: [UInt8]
    // One entry per node (struct of arrays: no per-node allocation).
    let kinds: [Kind]
    /// Scalars: start and end byte offsets (strings without their quotes). Containers:
    /// the first index into `children` and the number of children (objects: key, value pairs).
    let first: [Int]
    let second: [Int]
    /// Strings: whether they contain escapes (else their bytes are their UTF-8).
    let escaped: [Bool]
    /// The node holding each node (-1 for the root).
    let parent: [Int32]
    /// Children of containers, contiguous per container; an object's are key node, value node, …
    let children: [Int32]
    /// Start offset of each node in the text (for line and column).
    let offsets: [Int]

    /// Parses `data`; throws `SyntaxError` at the first byte that is not valid JSON.
    init(_ data: Data) throws(SyntaxError) {
        let bytes = [UInt8](data)
        guard bytes.count < Int(Int32.max) else {
            throw SyntaxError(message: "the text is larger than 2 GiB", offset: 0)
        }
        let nodes = try bytes.withUnsafeBufferPointer { buffer throws(SyntaxError) -> Nodes in
            var parser = JSONParser(text: buffer)
            parser.skipSpace()
            _ = try parser.value(parent: -1)
            parser.skipSpace()
            if parser.position < buffer.count { throw parser.error("unexpected text after the JSON value") }
            return parser.nodes
        }
        self.bytes = bytes
        kinds = nodes.kinds
        first = nodes.first
        second = nodes.second
        escaped = nodes.escaped
        parent = nodes.parent
        children = nodes.children
        offsets = nodes.offsets
    }

    /// The node arrays while they are built.
    struct Nodes {
        var kinds: [Kind] = [], first: [Int] = [], second: [Int] = [], escaped: [Bool] = []
        var parent: [Int32] = [], children: [Int32] = [], offsets: [Int] = []

        init(estimate: Int) {
            kinds.reserveCapacity(estimate)
            first.reserveCapacity(estimate)
            second.reserveCapacity(estimate)
            escaped.reserveCapacity(estimate)
            parent.reserveCapacity(estimate)
            offsets.reserveCapacity(estimate)
            children.reserveCapacity(estimate)
        }

        mutating func append(
            _ kind: Kind, _ a: Int, _ b: Int, escaped isEscaped: Bool = false, parent p: Int, at offset: Int
        ) -> Int {
            kinds.append(kind)
            first.append(a)
            second.append(b)
            escaped.append(isEscaped)
            parent.append(Int32(truncatingIfNeeded: p))
            offsets.append(offset)
            return kinds.count - 1
        }

        mutating func setContainer(_ node: Int, children nodes: ArraySlice<Int32>) {
            first[node] = children.count
            second[node] = kinds[node] == .object ? nodes.count / 2 : nodes.count
            children.append(contentsOf: nodes)
        }
    }

    var root: Int { 0 }

    // MARK: reading values

    /// Number of elements of an array, or of entries of an object.
    func count(_ node: Int) -> Int { second[node] }

    /// Element `i` of an array node.
    func element(_ node: Int, _ i: Int) -> Int { Int(children[first[node] + i]) }

    /// Key node and value node of entry `i` of an object node.
    func entry(_ node: Int, _ i: Int) -> (key: Int, value: Int) {
        let base = first[node] + 2 * i
        return (Int(children[base]), Int(children[base + 1]))
    }

    /// Whether a string node's text equals `utf8` (compared on bytes, no String made).
    func stringEquals(_ node: Int, _ utf8: [UInt8]) -> Bool {
        guard !escaped[node] else { return string(node) == String(decoding: utf8, as: UTF8.self) }
        let start = first[node], end = second[node]
        guard end - start == utf8.count else { return false }
        var i = 0
        while i < utf8.count {
            if bytes[start + i] != utf8[i] { return false }
            i += 1
        }
        return true
    }

    /// A string node's text.
    func string(_ node: Int) -> String {
        let start = first[node], end = second[node]
        guard escaped[node] else { return String(decoding: bytes[start..<end], as: UTF8.self) }
        return Self.unescape(bytes[start..<end])
    }

    /// A number node's text.
    func numberText(_ node: Int) -> Substring {
        Substring(String(decoding: bytes[first[node]..<second[node]], as: UTF8.self))
    }

    /// A number node as an `Int64` when it is an integer in range.
    func int64(_ node: Int) -> Int64? {
        var i = first[node]
        let end = second[node]
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var value: Int64 = 0
        while i < end {
            let b = bytes[i]
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else {
                // "1.0" or "1e3": an integer only if the double is integral and in range.
                guard let d = Double(numberText(node)), d.rounded() == d, abs(d) < 0x1p63 else { return nil }
                return Int64(d)
            }
            let digit = Int64(b - UInt8(ascii: "0"))
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    /// A number node as a `UInt64` when it is a non-negative integer in range.
    func uint64(_ node: Int) -> UInt64? {
        if let v = int64(node) { return v >= 0 ? UInt64(v) : nil }
        var value: UInt64 = 0
        for b in bytes[first[node]..<second[node]] {
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(b - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = s
        }
        return value
    }

    /// A number node as a `Double` (nil when it overflows to infinity).
    func double(_ node: Int) -> Double? {
        // (magnitude: abs(Int64.min) would trap; the fuzz corpus keeps that input.)
        if let i = int64(node), i.magnitude < 1 << 53 { return Double(i) }
        guard let d = Double(numberText(node)), d.isFinite else { return nil }
        return d
    }

    /// 1-based line and column of a node's first byte.
    func lineAndColumn(_ node: Int) -> (line: Int, column: Int) {
        Self.lineAndColumn(bytes, offset: offsets[node])
    }

    static func lineAndColumn(_ bytes: [UInt8], offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// The JSON path of a node, e.g. `cases[3].samples[0].wall_ns` (empty for the root).
    func path(_ node: Int) -> [PathStep] {
        var steps: [PathStep] = []
        var child = node
        var p = Int(parent[child])
        while p >= 0 {
            let n = count(p)
            if kinds[p] == .array {
                for i in 0..<n where element(p, i) == child {
                    steps.append(.index(i))
                    break
                }
            } else {
                for i in 0..<n {
                    let e = entry(p, i)
                    if e.value == child || e.key == child {
                        steps.append(.key(string(e.key)))
                        break
                    }
                }
            }
            child = p
            p = Int(parent[p])
        }
        return steps.reversed()
    }

    enum PathStep {
        case key(String)
        case index(Int)
    }

    static func unescape(_ raw: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.endIndex else { return nil }
            return UInt32(String(decoding: raw[at..<(at + 4)], as: UTF8.self), radix: 16)
        }
        while i < raw.endIndex {
            let b = raw[i]
            guard b == UInt8(ascii: "\\"), i + 1 < raw.endIndex else {
                out.append(b)
                i += 1
                continue
            }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(i) else { continue }
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= raw.endIndex, raw[i] == UInt8(ascii: "\\"),
                    raw[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

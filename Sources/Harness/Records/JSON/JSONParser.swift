import Foundation

/// The recursive-descent parser behind `JSONDocument`.
struct JSONParser {
    let text: UnsafeBufferPointer<UInt8>
    var nodes: JSONDocument.Nodes
    var position = 0
    /// Children of the containers being parsed, innermost last.
    var stack: [Int32] = []
    var depth = 0

    /// Deeper nesting than any run record has; keeps hostile input from exhausting the stack.
    static let maxDepth = 512

    init(text: UnsafeBufferPointer<UInt8>) {
        self.text = text
        nodes = JSONDocument.Nodes(estimate: text.count / 8)
        stack.reserveCapacity(1024)
    }

    func error(_ message: String) -> JSONDocument.SyntaxError {
        JSONDocument.SyntaxError(message: message, offset: position)
    }

    mutating func skipSpace() {
        while position < text.count {
            switch text[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func value(parent: Int) throws(JSONDocument.SyntaxError) -> Int {
        guard position < text.count else { throw error("unexpected end of the text") }
        let start = position
        switch text[position] {
        case UInt8(ascii: "{"): return try object(parent: parent)
        case UInt8(ascii: "["): return try array(parent: parent)
        case UInt8(ascii: "\""): return try string(parent: parent)
        case UInt8(ascii: "t"): try literal("true"); return nodes.append(.bool, 1, 0, parent: parent, at: start)
        case UInt8(ascii: "f"): try literal("false"); return nodes.append(.bool, 0, 0, parent: parent, at: start)
        case UInt8(ascii: "n"): try literal("null"); return nodes.append(.null, 0, 0, parent: parent, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(parent: parent)
        default: throw error("unexpected character '\(Character(Unicode.Scalar(text[position])))'")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONDocument.SyntaxError) {
        let n = word.utf8CodeUnitCount
        guard position + n <= text.count else { throw error("unexpected end of the text") }
        for i in 0..<n where text[position + i] != word.utf8Start[i] { throw error("expected '\(word)'") }
        position += n
    }

    mutating func number(parent: Int) throws(JSONDocument.SyntaxError) -> Int {
        let start = position
        func digits() -> Int {
            let from = position
            while position < text.count, text[position] >= UInt8(ascii: "0"), text[position] <= UInt8(ascii: "9") {
                position += 1
            }
            return position - from
        }
        if text[position] == UInt8(ascii: "-") { position += 1 }
        guard digits() > 0 else { throw error("a number needs digits") }
        if position < text.count, text[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("a number needs digits after '.'") }
        }
        if position < text.count, text[position] == UInt8(ascii: "e") || text[position] == UInt8(ascii: "E") {
            position += 1
            if position < text.count, text[position] == UInt8(ascii: "+") || text[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { throw error("a number needs digits in its exponent") }
        }
        return nodes.append(.number, start, position, parent: parent, at: start)
    }

    mutating func string(parent: Int) throws(JSONDocument.SyntaxError) -> Int {
        let start = position
        position += 1
        var hasEscape = false
        while position < text.count {
            let b = text[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return nodes.append(.string, start + 1, position - 1, escaped: hasEscape, parent: parent, at: start)
            }
            if b == UInt8(ascii: "\\") {
                hasEscape = true
                position += 2
                continue
            }
            if b < 0x20 { throw error("control character in a string") }
            position += 1
        }
        throw JSONDocument.SyntaxError(message: "unterminated string", offset: start)
    }

    mutating func array(parent: Int) throws(JSONDocument.SyntaxError) -> Int {
        let node = nodes.append(.array, 0, 0, parent: parent, at: position)
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nested more than \(Self.maxDepth) levels deep") }
        position += 1
        let mark = stack.count
        skipSpace()
        if position < text.count, text[position] == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                skipSpace()
                stack.append(Int32(truncatingIfNeeded: try value(parent: node)))
                skipSpace()
                guard position < text.count else { throw error("unterminated array") }
                if text[position] == UInt8(ascii: ",") { position += 1; continue }
                if text[position] == UInt8(ascii: "]") { position += 1; break }
                throw error("expected ',' or ']' in an array")
            }
        }
        nodes.setContainer(node, children: stack[mark...])
        stack.removeSubrange(mark...)
        depth -= 1
        return node
    }

    mutating func object(parent: Int) throws(JSONDocument.SyntaxError) -> Int {
        let node = nodes.append(.object, 0, 0, parent: parent, at: position)
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nested more than \(Self.maxDepth) levels deep") }
        position += 1
        let mark = stack.count
        skipSpace()
        if position < text.count, text[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipSpace()
                guard position < text.count, text[position] == UInt8(ascii: "\"") else {
                    throw error("expected a key in quotes")
                }
                stack.append(Int32(truncatingIfNeeded: try string(parent: node)))
                skipSpace()
                guard position < text.count, text[position] == UInt8(ascii: ":") else {
                    throw error("expected ':' after a key")
                }
                position += 1
                skipSpace()
                stack.append(Int32(truncatingIfNeeded: try value(parent: node)))
                skipSpace()
                guard position < text.count else { throw error("unterminated object") }
                if text[position] == UInt8(ascii: ",") { position += 1; continue }
                if text[position] == UInt8(ascii: "}") { position += 1; break }
                throw error("expected ',' or '}' in an object")
            }
        }
        nodes.setContainer(node, children: stack[mark...])
        stack.removeSubrange(mark...)
        depth -= 1
        return node
    }
}

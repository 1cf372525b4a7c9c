import Foundation

/// Decodes `Decodable` types from a `JSONDocument` with attnbench's record conventions:
/// snake_case keys for camelCase properties (`RecordJSON.snakeCase`, so names with
/// acronyms round-trip), dictionary keys taken as they are, and NaN and infinities as the
/// strings `"nan"`, `"inf"`, `"-inf"`.
///
/// Errors are `DecodingError`s whose coding path is the JSON path of the bad value and
/// whose description says what is wrong with it (a number out of range, a float where an
/// integer goes) and its line and column.
///
/// Why: see `JSONDocument` (speed, and errors that name the field).
final class JSONDocumentDecoder {
    let document: JSONDocument
    private let names = KeyNameCache(convert: RecordJSON.snakeCase)
    private var snakeBytes: [String: [UInt8]] = [:]

    init(_ document: JSONDocument) {
        self.document = document
    }

    /// Decodes the root value as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try unwrap(T.self, node: document.root)
    }

    /// The UTF-8 of a property name's snake_case form (cached: a few dozen distinct names).
    func jsonKey(_ name: String) -> [UInt8] {
        if let known = snakeBytes[name] { return known }
        let bytes = Array(names.name(for: name).utf8)
        if snakeBytes.count < 4096 { snakeBytes[name] = bytes }
        return bytes
    }

    /// The value of `key` in object `node`: the property's snake_case key, or else the key
    /// exactly as written (dictionary keys such as `PAPI_TOT_INS` or `wall_ns`).
    func find(_ key: String, in node: Int) -> Int? {
        let snake = jsonKey(key)
        let n = document.count(node)
        for i in 0..<n {
            let e = document.entry(node, i)
            if document.stringEquals(e.key, snake) { return e.value }
        }
        let raw = Array(key.utf8)
        guard raw != snake else { return nil }
        for i in 0..<n {
            let e = document.entry(node, i)
            if document.stringEquals(e.key, raw) { return e.value }
        }
        return nil
    }

    // MARK: values

    func unwrap<T: Decodable>(_ type: T.Type, node: Int) throws -> T {
        // Scalars directly: each branch has checked that T is exactly the type it makes, so
        // the bit cast is an identity (a dynamic `as?` cast costs more than the decoding).
        if T.self == Int64.self { return unsafeBitCast(try int64(node), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try int(node), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try double(node), to: T.self) }
        if T.self == String.self { return unsafeBitCast(try string(node), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(node), to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try uint64(node), to: T.self) }
        if let fast = T.self as? JSONDocumentDecodable.Type {
            return try Self.direct(fast, T.self, self, node)
        }
        return try T(from: NodeDecoder(owner: self, node: node))
    }

    /// `F.decode(…)` as a `T`, where F is T (checked by the caller's cast).
    private static func direct<T>(
        _ fast: JSONDocumentDecodable.Type, _ type: T.Type, _ decoder: JSONDocumentDecoder,
        _ node: Int
    ) throws -> T {
        func typed<F: JSONDocumentDecodable>(_ f: F.Type) throws -> T {
            unsafeBitCast(try F.decode(decoder, node: node), to: T.self)
        }
        return try typed(fast)
    }

    func int64(_ node: Int) throws -> Int64 {
        guard document.kinds[node] == .number else { throw mismatch(Int64.self, node, "an integer") }
        guard let v = document.int64(node) else {
            throw mismatch(
                Int64.self, node, "an integer from -2^63 to 2^63-1", found: String(document.numberText(node)))
        }
        return v
    }

    func int(_ node: Int) throws -> Int {
        Int(try int64(node))
    }

    func uint64(_ node: Int) throws -> UInt64 {
        guard document.kinds[node] == .number, let v = document.uint64(node) else {
            throw mismatch(UInt64.self, node, "an integer from 0 to 2^64-1")
        }
        return v
    }

    func double(_ node: Int) throws -> Double {
        switch document.kinds[node] {
        case .number:
            guard let d = document.double(node) else {
                throw mismatch(Double.self, node, "a finite number", found: String(document.numberText(node)))
            }
            return d
        case .string:
            switch document.string(node) {
            case RecordJSON.nonFiniteStrings.nan: return .nan
            case RecordJSON.nonFiniteStrings.positiveInfinity: return .infinity
            case RecordJSON.nonFiniteStrings.negativeInfinity: return -.infinity
            default: throw mismatch(Double.self, node, "a number (or \"nan\", \"inf\", \"-inf\")")
            }
        default:
            throw mismatch(Double.self, node, "a number")
        }
    }

    func bool(_ node: Int) throws -> Bool {
        guard document.kinds[node] == .bool else { throw mismatch(Bool.self, node, "true or false") }
        return document.first[node] == 1
    }

    func string(_ node: Int) throws -> String {
        guard document.kinds[node] == .string else { throw mismatch(String.self, node, "a string") }
        return document.string(node)
    }

    // MARK: errors

    func codingPath(_ node: Int) -> [CodingKey] {
        document.path(node).map { step -> CodingKey in
            switch step {
            case .key(let k): return PlainKey(k)
            case .index(let i): return IndexKey(i)
            }
        }
    }

    func location(_ node: Int) -> String {
        let (line, column) = document.lineAndColumn(node)
        return "line \(line), column \(column)"
    }

    func describe(_ node: Int) -> String {
        switch document.kinds[node] {
        case .null: return "null"
        case .bool: return document.first[node] == 1 ? "true" : "false"
        case .number: return String(document.numberText(node))
        case .string: return "\"\(document.string(node).prefix(40))\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    func mismatch(_ type: Any.Type, _ node: Int, _ expected: String, found: String? = nil) -> DecodingError {
        DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: codingPath(node),
                debugDescription: "expected \(expected), found \(found ?? describe(node)) (\(location(node)))"))
    }
}

/// Types decoded straight from the document, bypassing the `Decoder` protocol's
/// containers: the millions of samples and small dictionaries of a large run record.
protocol JSONDocumentDecodable {
    static func decode(_ decoder: JSONDocumentDecoder, node: Int) throws -> Self
}

/// A dictionary with String keys: its entries as written (keys are data, never converted).
extension Dictionary: JSONDocumentDecodable where Key == String, Value: Decodable {
    static func decode(_ decoder: JSONDocumentDecoder, node: Int) throws -> Self {
        let document = decoder.document
        guard document.kinds[node] == .object else { throw decoder.mismatch([String: Value].self, node, "an object") }
        let n = document.count(node)
        var result = [String: Value](minimumCapacity: n)
        for i in 0..<n {
            let e = document.entry(node, i)
            result[document.string(e.key)] = try decoder.unwrap(Value.self, node: e.value)
        }
        return result
    }
}

/// The `Decoder` for one node (values are decoded into it, containers read from it).
private struct NodeDecoder: Decoder {
    let owner: JSONDocumentDecoder
    let node: Int

    var codingPath: [CodingKey] { owner.codingPath(node) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard owner.document.kinds[node] == .object else { throw owner.mismatch([String: Any].self, node, "an object") }
        return KeyedDecodingContainer(ObjectContainer<Key>(owner: owner, node: node))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard owner.document.kinds[node] == .array else { throw owner.mismatch([Any].self, node, "an array") }
        return ArrayContainer(owner: owner, node: node)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        ValueContainer(owner: owner, node: node)
    }
}

private struct ObjectContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let owner: JSONDocumentDecoder
    let node: Int

    var codingPath: [CodingKey] { owner.codingPath(node) }

    /// Keys exactly as written (a dictionary's keys are data).
    var allKeys: [Key] {
        (0..<owner.document.count(node)).compactMap {
            Key(stringValue: owner.document.string(owner.document.entry(node, $0).key))
        }
    }

    func contains(_ key: Key) -> Bool { owner.find(key.stringValue, in: node) != nil }

    private func value(_ key: Key) throws -> Int {
        guard let v = owner.find(key.stringValue, in: node) else {
            let (line, column) = owner.document.lineAndColumn(node)
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription:
                        "no key \"\(RecordJSON.snakeCase(key.stringValue))\" in the object at line \(line), column \(column)"
                ))
        }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool { owner.document.kinds[try value(key)] == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try owner.bool(try value(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try owner.string(try value(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try owner.double(try value(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try owner.int(try value(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try owner.int64(try value(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try owner.uint64(try value(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try owner.unwrap(T.self, node: try value(key))
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let v = owner.find(key.stringValue, in: node), owner.document.kinds[v] != .null else { return nil }
        return try owner.int(v)
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let v = owner.find(key.stringValue, in: node), owner.document.kinds[v] != .null else { return nil }
        return try owner.string(v)
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let v = owner.find(key.stringValue, in: node), owner.document.kinds[v] != .null else { return nil }
        return try owner.double(v)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let v = owner.find(key.stringValue, in: node), owner.document.kinds[v] != .null else { return nil }
        return try owner.unwrap(T.self, node: v)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try NodeDecoder(owner: owner, node: try value(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try NodeDecoder(owner: owner, node: try value(key)).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { NodeDecoder(owner: owner, node: node) }
    func superDecoder(forKey key: Key) throws -> Decoder { NodeDecoder(owner: owner, node: try value(key)) }
}

private struct ArrayContainer: UnkeyedDecodingContainer {
    let owner: JSONDocumentDecoder
    let node: Int
    private(set) var currentIndex = 0

    init(owner: JSONDocumentDecoder, node: Int) {
        self.owner = owner
        self.node = node
    }

    var codingPath: [CodingKey] { owner.codingPath(node) }
    var count: Int? { owner.document.count(node) }
    var isAtEnd: Bool { currentIndex >= owner.document.count(node) }

    private mutating func next() throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self,
                DecodingError.Context(
                    codingPath: codingPath + [IndexKey(currentIndex)],
                    debugDescription: "the array has no more elements"))
        }
        defer { currentIndex += 1 }
        return owner.document.element(node, currentIndex)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if owner.document.kinds[owner.document.element(node, currentIndex)] == .null {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try owner.bool(try next()) }
    mutating func decode(_ type: String.Type) throws -> String { try owner.string(try next()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try owner.double(try next()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try owner.int(try next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try owner.int64(try next()) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try owner.unwrap(T.self, node: try next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        try NodeDecoder(owner: owner, node: try next()).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        try NodeDecoder(owner: owner, node: try next()).unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder { NodeDecoder(owner: owner, node: try next()) }
}

private struct ValueContainer: SingleValueDecodingContainer {
    let owner: JSONDocumentDecoder
    let node: Int

    var codingPath: [CodingKey] { owner.codingPath(node) }

    func decodeNil() -> Bool { owner.document.kinds[node] == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try owner.bool(node) }
    func decode(_ type: String.Type) throws -> String { try owner.string(node) }
    func decode(_ type: Double.Type) throws -> Double { try owner.double(node) }
    func decode(_ type: Float.Type) throws -> Float { Float(try owner.double(node)) }
    func decode(_ type: Int.Type) throws -> Int { try owner.int(node) }
    func decode(_ type: Int64.Type) throws -> Int64 { try owner.int64(node) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try owner.uint64(node) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try owner.unwrap(T.self, node: node) }
}

/// An array index as a coding key.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

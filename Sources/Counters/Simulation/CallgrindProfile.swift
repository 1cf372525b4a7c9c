/// What one callgrind output file says: the event totals, the cache geometry actually
/// simulated, and each function's own (exclusive) instruction count.
///
/// The format is callgrind's documented text format ("callgrind format", version 1):
/// `events:` names the columns, `totals:` (or `summary:`) sums them, `desc: I1 cache: …`
/// lines state the simulated caches, and cost lines follow `fn=` lines. A cost line right
/// after `calls=` is the inclusive cost of a call made from the current function and is not
/// part of that function's own cost. Names may be compressed (`fn=(12) name` the first time,
/// `fn=(12)` afterwards).
public struct CallgrindProfile: Sendable, Equatable {
    /// One function's own cost.
    public struct Function: Sendable, Equatable, Codable {
        /// The symbol as callgrind names it (mangled for Swift; `0x…` without a symbol).
        public var name: String
        /// The object file's name without its directory (`attnbench`, `libc.so.6`).
        public var object: String
        /// Instructions executed in the function itself (callees not included).
        public var ir: Int64
    }

    /// Event names in column order (`Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim`).
    public var events: [String]
    /// Total count per event.
    public var totals: [String: Int64]
    /// The caches callgrind simulated, from its `desc:` lines; nil without `--cache-sim=yes`.
    public var geometry: CacheGeometry?
    /// Functions with their own instruction counts, largest first.
    public var functions: [Function]

    /// Why a file could not be read as a callgrind profile.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Parses the text of a callgrind output file.
    public init(parsing text: String) throws(ParseError) {
        var events: [String] = []
        var positions = 1
        var summary: [Int64]?
        var totals: [Int64]?
        var caches: [String: SimulatedCache] = [:]
        var names: [String: String] = [:], objects: [String: String] = [:]
        var own: [String: (object: String, ir: Int64)] = [:]
        var currentFunction = "", currentObject = ""
        var afterCalls = false

        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = Substring(raw)
            guard let first = line.first else { continue }
            if first.isNumber || first == "+" || first == "-" || first == "*" {
                if afterCalls { afterCalls = false; continue }
                guard !events.isEmpty, let irIndex = events.firstIndex(of: "Ir") else { continue }
                let fields = line.split(separator: " ")
                let column = positions + irIndex
                if column < fields.count, let ir = Int64(fields[column]) {
                    let key = currentObject + "\u{1F}" + currentFunction
                    own[key, default: (currentObject, 0)].ir += ir
                }
                continue
            }
            afterCalls = false
            if line.hasPrefix("fn=") {
                currentFunction = Self.resolve(line.dropFirst(3), table: &names)
            } else if line.hasPrefix("cfn=") {
                _ = Self.resolve(line.dropFirst(4), table: &names)
            } else if line.hasPrefix("ob=") {
                currentObject = Self.basename(Self.resolve(line.dropFirst(3), table: &objects))
            } else if line.hasPrefix("cob=") {
                _ = Self.resolve(line.dropFirst(4), table: &objects)
            } else if line.hasPrefix("calls=") {
                afterCalls = true
            } else if line.hasPrefix("events:") {
                events = line.dropFirst(7).split(separator: " ").map(String.init)
            } else if line.hasPrefix("positions:") {
                positions = max(1, line.dropFirst(10).split(separator: " ").count)
            } else if line.hasPrefix("summary:") {
                summary = Self.numbers(line.dropFirst(8))
            } else if line.hasPrefix("totals:") {
                let t = Self.numbers(line.dropFirst(7))
                totals = zip(totals ?? t.map { _ in 0 }, t).map { $0 + $1 }
            } else if line.hasPrefix("desc: ") {
                if let (level, cache) = Self.cacheDescription(line.dropFirst(6)) { caches[level] = cache }
            }
        }
        guard !events.isEmpty else { throw ParseError(description: "no 'events:' line (not a callgrind output file?)") }
        guard let counts = totals ?? summary else { throw ParseError(description: "no 'totals:' or 'summary:' line") }
        self.events = events
        var byName: [String: Int64] = [:]
        for (i, name) in events.enumerated() { byName[name] = i < counts.count ? counts[i] : 0 }
        self.totals = byName
        if let i1 = caches["I1"], let d1 = caches["D1"], let ll = caches["LL"] {
            geometry = CacheGeometry(i1: i1, d1: d1, ll: ll)
        }
        functions = own.map { key, value in
            Function(
                name: String(key.split(separator: "\u{1F}", omittingEmptySubsequences: false).last ?? ""),
                object: value.object, ir: value.ir)
        }.filter { $0.ir > 0 }.sorted { $0.ir != $1.ir ? $0.ir > $1.ir : $0.name < $1.name }
    }

    /// `(12) name` defines id 12; `(12)` refers to it; a bare name is itself.
    static func resolve(_ text: Substring, table: inout [String: String]) -> String {
        guard text.first == "(", let close = text.firstIndex(of: ")") else { return String(text) }
        let id = String(text[text.index(after: text.startIndex)..<close])
        let rest = text[text.index(after: close)...].drop { $0 == " " }
        if !rest.isEmpty { table[id] = String(rest) }
        return table[id] ?? "(\(id))"
    }

    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func numbers(_ text: Substring) -> [Int64] {
        text.split(separator: " ").compactMap { Int64($0) }
    }

    /// `I1 cache: 32768 B, 64 B, 8-way associative` → ("I1", 32 KiB 8-way 64 B).
    static func cacheDescription(_ text: Substring) -> (String, SimulatedCache)? {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].hasSuffix(" cache") else { return nil }
        let level = String(parts[0].dropLast(6))
        let numbers = parts[1].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 3 else { return nil }
        return (level, SimulatedCache(sizeBytes: numbers[0], ways: numbers[2], lineBytes: numbers[1]))
    }
}

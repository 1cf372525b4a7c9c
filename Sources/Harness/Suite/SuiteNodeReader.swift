import Foundation
import Yams

/// Reads typed values out of composed YAML nodes, recording a located diagnostic for
/// every value that is missing, mistyped or unknown instead of stopping at the first.
///
/// Suites are read from `Yams.compose` nodes rather than decoded with `Codable`,
/// because only nodes keep their line and column (`Node.mark`).
final class SuiteNodeReader {
    let file: String
    private(set) var diagnostics: [SuiteDiagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// Records a problem at a node.
    func report(_ kind: SuiteDiagnostic.Kind, at node: Node, _ message: String) {
        report(kind, at: location(of: node), message)
    }

    /// Records a problem at a location.
    func report(_ kind: SuiteDiagnostic.Kind, at location: SourceLocation, _ message: String) {
        diagnostics.append(SuiteDiagnostic(kind, at: location, message))
    }

    /// Where a node starts in the file.
    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .wholeFile(file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// How a value reads in a message: `'abc'` for scalars, `a list`, `a mapping`.
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "'\(s.string)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    /// One `key: value` entry of a mapping whose key is a known name.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    /// The entries of a mapping node; reports a non-mapping value, non-scalar keys and
    /// keys outside `allowed` (suggesting the nearest valid one), and returns the rest.
    func entries(of node: Node, allowed: [String], what: String) -> [Entry] {
        guard case .mapping(let mapping) = node else {
            report(.wrongType, at: node, "\(what) must be a mapping of keys to values (got \(describe(node)))")
            return []
        }
        var result: [Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                report(.wrongType, at: keyNode, "keys of \(what) must be names (got \(describe(keyNode)))")
                continue
            }
            let key = keyScalar.string
            guard allowed.contains(key) else {
                let hint = NearestName.hint(for: key, among: allowed)
                report(
                    .unknownKey, at: keyNode,
                    "unknown key '\(key)' in \(what)"
                        + (hint.isEmpty ? "; valid keys: \(allowed.joined(separator: ", "))" : hint))
                continue
            }
            result.append(Entry(key: key, keyNode: keyNode, value: value))
        }
        return result
    }

    /// The items of a list; a single scalar or mapping counts as a one-item list.
    func items(of node: Node) -> [Node] {
        if case .sequence(let sequence) = node { return Array(sequence) }
        return [node]
    }

    /// The items of a node that must be a list.
    func list(_ node: Node, what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(.wrongType, at: node, "\(what) must be a list (got \(describe(node)))")
            return nil
        }
        return Array(sequence)
    }

    /// A scalar's text.
    func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(.wrongType, at: node, "\(what) must be a single value (got \(describe(node)))")
            return nil
        }
        return scalar.string
    }

    /// An integer of at least `minimum` and at most `maximum`.
    func integer(_ node: Node, what: String, minimum: Int, maximum: Int = Int.max) -> Int? {
        guard let text = string(node, what: what) else { return nil }
        // A quoted "1024" is a YAML string; nobody means it as one here.
        guard let n = node.int ?? Int(text.trimmingCharacters(in: .whitespaces)) else {
            let kind = minimum > 0 ? "a positive integer" : "a non-negative integer"
            report(.wrongType, at: node, "\(what) must be \(kind) (got '\(text)')")
            return nil
        }
        guard n >= minimum else {
            report(.outOfRange, at: node, "\(what) must be at least \(minimum) (got \(n))")
            return nil
        }
        guard n <= maximum else {
            report(.tooLarge, at: node, "\(what) must be at most \(maximum) (got \(n))")
            return nil
        }
        return n
    }

    /// `true` or `false` (YAML's `yes`/`no`/`on`/`off` too).
    func flag(_ node: Node, what: String) -> Bool? {
        guard let text = string(node, what: what) else { return nil }
        guard let b = node.bool ?? Bool(text.lowercased()) else {
            report(.wrongType, at: node, "\(what) must be true or false (got '\(text)')")
            return nil
        }
        return b
    }

    /// A finite number (integers included).
    func number(_ node: Node, what: String) -> Double? {
        guard let text = string(node, what: what) else { return nil }
        guard let x = node.float ?? Double(text.trimmingCharacters(in: .whitespaces)), x.isFinite else {
            report(.wrongType, at: node, "\(what) must be a finite number (got '\(text)')")
            return nil
        }
        return x
    }

    /// A name from a fixed set; reports the valid names (and the nearest) otherwise.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, what: String, as type: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, what: what) else { return nil }
        if let value = T(rawValue: text.lowercased()) { return value }
        let valid = T.allCases.map(\.rawValue)
        report(
            .unknownValue, at: node,
            "unknown \(what) '\(text)'" + NearestName.hint(for: text, among: valid)
                + "; valid: \(valid.joined(separator: ", "))")
        return nil
    }
}

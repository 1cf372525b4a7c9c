/// The Python-literal dictionary in a .npy header, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }`.
struct NPYHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    init(parsing text: String, path: String) throws(NPYFile.Error) {
        func fail(_ p: String) -> NPYFile.Error { NPYFile.Error(path: path, problem: p) }
        func value(of key: String) -> Substring? {
            guard let r = text.range(of: "'\(key)'") ?? text.range(of: "\"\(key)\"") else { return nil }
            var rest = text[r.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " }
            return rest
        }
        guard let d = value(of: "descr"), let quote = d.first, quote == "'" || quote == "\"",
            let end = d.dropFirst().firstIndex(of: quote)
        else {
            throw fail("header has no readable 'descr' (dtype)")
        }
        descr = String(d[d.index(after: d.startIndex)..<end])
        guard let f = value(of: "fortran_order") else { throw fail("header has no 'fortran_order'") }
        if f.hasPrefix("True") {
            fortranOrder = true
        } else if f.hasPrefix("False") {
            fortranOrder = false
        } else {
            throw fail("header's 'fortran_order' is neither True nor False")
        }
        guard let s = value(of: "shape"), s.first == "(", let close = s.firstIndex(of: ")") else {
            throw fail("header has no readable 'shape'")
        }
        let inner = s[s.index(after: s.startIndex)..<close]
        var dims: [Int] = []
        for part in inner.split(separator: ",") {
            let t = part.trimmingCharacters(in: " ")
            if t.isEmpty { continue }
            guard let n = Int(t), n >= 0 else { throw fail("shape entry '\(t)' is not a non-negative integer") }
            dims.append(n)
        }
        shape = dims
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}

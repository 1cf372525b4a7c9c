/// Finds the valid name closest to a misspelt one, for "did you mean" hints.
///
/// Why hand-written: it is a dozen lines of edit distance over a handful of keys; no
/// package in the mirror offers it without pulling in far more.
enum NearestName {
    /// The candidate with the smallest edit distance to `name` (ignoring case, and
    /// treating `-` like `_`), when that distance is small enough to be a typo:
    /// at most max(2, length/3), and less than the name's own length. Failing that,
    /// the only candidate that starts with a name of 3 or more characters (`algo`).
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let target = normalized(name)
        if let typo = nearest(target, among: candidates) { return typo }
        let extensions = candidates.filter { normalized($0).starts(with: target) }
        return target.count >= 3 && extensions.count == 1 ? extensions[0] : nil
    }

    private static func nearest(_ target: [Character], among candidates: [String]) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(target, normalized(candidate))
            if d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        guard let found = best else { return nil }
        let limit = max(2, target.count / 3)
        return found.distance <= limit && found.distance < target.count ? found.name : nil
    }

    /// ` (did you mean 'x'?)` or an empty string.
    static func hint(for name: String, among candidates: [String]) -> String {
        suggestion(for: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    private static func normalized(_ s: String) -> [Character] {
        Array(s.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    /// Levenshtein distance (insert, delete, substitute), two rows.
    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

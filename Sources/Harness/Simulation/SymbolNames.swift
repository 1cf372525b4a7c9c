import Foundation

/// Readable function names for profiles: Swift symbols demangled by the Swift runtime's own
/// demangler (`swift_demangle`, exported by every Swift runtime, so no toolchain is needed
/// at run time) and shortened to what tells functions apart; C++ names lose their template
/// arguments and parameter lists; C names and addresses stay as they are.
enum SymbolNames {
    @_silgen_name("swift_demangle")
    private static func swiftDemangle(
        _ mangled: UnsafePointer<CChar>?, _ length: UInt,
        _ output: UnsafeMutablePointer<CChar>?, _ outputSize: UnsafeMutablePointer<UInt>?,
        _ flags: UInt32
    ) -> UnsafeMutablePointer<CChar>?

    /// `$s16AttentionKernels9valueTile2pT…` → `valueTile(pT:ldp:v:ldv:keys:o:ldo:height:dim:alpha:)`.
    static func readable(_ symbol: String) -> String {
        if symbol.hasPrefix("$s") || symbol.hasPrefix("_$s") {
            let demangled: String? = symbol.withCString { pointer in
                guard let result = swiftDemangle(pointer, UInt(symbol.utf8.count), nil, nil, 0) else { return nil }
                defer { free(result) }
                return String(cString: result)
            }
            return demangled.map(shortenSwift) ?? symbol
        }
        if symbol.contains("::") { return shortenCxx(symbol) }
        return symbol
    }

    /// `generic specialization <X> of closure #4 (Int, Int) -> () in closure #1 … in
    /// AttentionKernels.AttentionPlan.run<A>(_: P, into: inout T, …) -> ()` →
    /// `closure #4 in AttentionPlan.run(_:into:…)`.
    static func shortenSwift(_ name: String) -> String {
        var s = removeBracketed(name, open: "<", close: ">")
        while let r = s.range(of: "specialization  of ") ?? s.range(of: "specialization of ") {
            s = String(s[r.upperBound...])
        }
        for prefix in [
            "merged ", "partial apply forwarder for ", "partial apply for ", "reabstraction thunk helper from "
        ]
        where s.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count))
        }
        // `(extension in Swift):Swift.Array.==` → `Swift.Array.==`.
        s = s.replacingOccurrences(of: #"\(extension in [^)]*\):"#, with: "", options: .regularExpression)
        for module in ["AttentionKernels.", "Harness.", "Counters.", "Swift.", "Foundation."] {
            s = s.replacingOccurrences(of: module, with: "")
        }
        // A private function's discriminator: `FlashAttention1.(unit in _8E3B…)` → `FlashAttention1.unit`.
        s = s.replacingOccurrences(
            of: #"\(([A-Za-z_][A-Za-z0-9_]*) in _[0-9A-F]+\)"#, with: "$1", options: .regularExpression)
        let parts = splitTopLevel(s, separator: " in ")
        let closure = parts.first { $0.hasPrefix("closure #") }.map {
            "closure #" + $0.dropFirst(9).prefix { $0.isNumber }
        }
        let function = labels(parts.last ?? s)
        if let closure, let last = parts.last, !last.hasPrefix("closure #") { return "\(closure) in \(function)" }
        return function
    }

    /// `f(_: A, into: inout B) -> C` → `f(_:into:)`; `static ` dropped.
    static func labels(_ text: String) -> String {
        var t = text.hasPrefix("static ") ? String(text.dropFirst(7)) : text
        guard let open = t.firstIndex(of: "(") else { return t }
        let base = String(t[..<open])
        var depth = 0, params: [String] = [], current = ""
        var index = open
        while index < t.endIndex {
            let c = t[index]
            if c == "(" || c == "[" { depth += 1; if depth == 1 { index = t.index(after: index); continue } }
            if c == ")" || c == "]" { depth -= 1; if depth == 0 { break } }
            if depth == 1 && c == "," { params.append(current); current = "" } else { current.append(c) }
            index = t.index(after: index)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { params.append(current) }
        t =
            base + "("
            + params.map { p -> String in
                let trimmed = p.trimmingCharacters(in: .whitespaces)
                guard let colon = trimmed.firstIndex(of: ":") else { return "_:" }
                return String(trimmed[..<colon]) + ":"
            }.joined() + ")"
        return t
    }

    /// `R ns::Type<T>::name<U>(args) const` → `ns::Type::name`.
    static func shortenCxx(_ name: String) -> String {
        let plain = removeBracketed(name, open: "<", close: ">")
        let head = plain.split(separator: "(", maxSplits: 1).first.map(String.init) ?? plain
        return head.split(separator: " ").last.map(String.init) ?? head
    }

    /// The text with every `open … close` group removed (nested groups too).
    static func removeBracketed(_ s: String, open: Character, close: Character) -> String {
        var out = ""
        var depth = 0
        for c in s {
            if c == open { depth += 1; continue }
            if c == close && depth > 0 { depth -= 1; continue }
            if depth == 0 { out.append(c) }
        }
        return out
    }

    /// Splits at `separator` where no parenthesis is open.
    static func splitTopLevel(_ s: String, separator: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        var rest = Substring(s)
        while let c = rest.first {
            if depth == 0 && rest.hasPrefix(separator) {
                parts.append(current)
                current = ""
                rest = rest.dropFirst(separator.count)
                continue
            }
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            current.append(c)
            rest = rest.dropFirst()
        }
        parts.append(current)
        return parts
    }
}

/// Names of implementations: `attnbench`, the providers shipped in `providers/`, and
/// those a suite declares. A name ends up in case ids and file names, so it is kept to
/// a small alphabet.
public enum ProviderName {
    /// The rule, for messages.
    public static let rule = "lower-case letters, digits, '_' and '-', starting with a letter"

    /// Providers that ship with attnbench: name → script under `providers/`.
    public static let shipped: [(name: String, script: String)] = [
        ("torch", "torch_sdpa.py"),
        ("numpy", "numpy_reference.py")
    ]

    /// `attnbench` and the shipped providers, in that order.
    public static var builtIn: [String] { [CaseParameters.builtInImplementation] + shipped.map(\.name) }

    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }

    /// The script of a shipped provider, if `name` is one.
    public static func shippedScript(_ name: String) -> String? {
        shipped.first { $0.name == name }?.script
    }
}

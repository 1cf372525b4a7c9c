import AttentionKernels
import Yams

/// The parts of a suite about other implementations: the `providers:` mapping, the
/// `implementation` names cases use, and the report's `reference`.
extension SuiteParser {
    /// `providers: {name: [program, arg…]}`.
    static func providers(_ node: Node, reader: SuiteNodeReader) -> [ProviderDeclaration] {
        guard case .mapping(let mapping) = node else {
            reader.report(
                .wrongType, at: node,
                "providers must be a mapping of names to commands "
                    + "(such as mine: [python, my_provider.py]; got \(reader.describe(node)))")
            return []
        }
        var result: [ProviderDeclaration] = []
        for (keyNode, value) in mapping {
            guard let name = reader.string(keyNode, what: "a provider name") else { continue }
            guard ProviderName.isValid(name) else {
                reader.report(.wrongType, at: keyNode, "provider name '\(name)' is not valid (\(ProviderName.rule))")
                continue
            }
            guard !ProviderName.builtIn.contains(name) else {
                reader.report(
                    .conflict, at: keyNode,
                    "'\(name)' is a built-in implementation "
                        + "(\(ProviderName.builtIn.joined(separator: ", "))); give your provider another name")
                continue
            }
            let what = "the command of provider '\(name)'"
            guard let items = reader.list(value, what: what + " (a list: the program, then its arguments)") else {
                continue
            }
            let command = items.compactMap { reader.string($0, what: "each item of \(what)") }
            guard command.count == items.count else { continue }
            guard let program = command.first, !program.isEmpty else {
                reader.report(.wrongType, at: value, "\(what) is empty: give the program, then its arguments")
                continue
            }
            result.append(ProviderDeclaration(name: name, command: command, location: reader.location(of: keyNode)))
        }
        return result
    }

    /// Reports every `implementation` value that names no known implementation.
    static func checkImplementations(_ suite: Suite, reader: SuiteNodeReader) {
        let known = suite.implementationNames
        var values = Array(suite.defaults.values) + suite.matrix.flatMap(\.values)
        values += (suite.include + suite.exclude).flatMap { Array($0.values.values) }
        for located in values {
            guard case .implementation(let name) = located.value, !known.contains(name) else { continue }
            reader.report(
                .unknownValue, at: located.location,
                "unknown implementation '\(name)'"
                    + NearestName.hint(for: name, among: known) + "; known: \(known.joined(separator: ", "))"
                    + " (declare others under providers:)")
        }
    }

    /// `reference: IMPLEMENTATION` or `IMPLEMENTATION:ALGORITHM`.
    static func reference(_ node: Node, suite: Suite, reader: SuiteNodeReader) -> String? {
        guard let text = reader.string(node, what: "reference") else { return nil }
        if let problem = referenceProblem(text, known: suite.implementationNames) {
            reader.report(.unknownValue, at: node, problem)
            return nil
        }
        return text
    }

    /// Why `text` is not a valid reference, or nil.
    public static func referenceProblem(_ text: String, known: [String]) -> String? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let name = parts.first, known.contains(name) else {
            let name = parts.first ?? text
            return "reference '\(text)' names no implementation of the suite"
                + NearestName.hint(for: name, among: known) + "; known: \(known.joined(separator: ", "))"
        }
        if parts.count == 2, Algorithm(rawValue: parts[1]) == nil {
            return "reference '\(text)': unknown algorithm '\(parts[1])'; valid: \(Algorithm.names)"
        }
        return nil
    }
}

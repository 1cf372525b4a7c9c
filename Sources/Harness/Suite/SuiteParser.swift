import Foundation
import Yams

/// Turns the text of a suite file into a `Suite`, collecting every problem it finds
/// (YAML syntax, unknown keys, wrong types, bad names, sizes and durations) as located
/// diagnostics instead of stopping at the first.
///
/// The text is composed with `Yams.compose` and walked node by node, because nodes
/// carry line and column marks and `Codable` decoding does not.
public struct SuiteParser {
    public let profiles: any HardwareProfileCatalog

    public init(profiles: any HardwareProfileCatalog = SRAMProfileTable.standard) {
        self.profiles = profiles
    }

    /// The parsed suite (nil when the file is not a YAML mapping at all) and every
    /// problem found, in file order. A suite with diagnostics must not be run.
    public func parse(yaml: String, file: String) -> (suite: Suite?, diagnostics: [SuiteDiagnostic]) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                return (
                    nil,
                    [
                        SuiteDiagnostic(
                            .syntax, at: SourceLocation(file: file, line: 1, column: 1),
                            "the suite file is empty (see docs/suites.md for its keys)")
                    ]
                )
            }
            root = node
        } catch {
            return (nil, [Self.syntaxDiagnostic(error, file: file)])
        }
        let reader = SuiteNodeReader(file: file)
        let suite = read(root, reader: reader)
        return (suite, reader.diagnostics.sorted { $0.location < $1.location })
    }

    private func read(_ root: Node, reader: SuiteNodeReader) -> Suite? {
        let entries = reader.entries(of: root, allowed: Suite.keys, what: "the suite")
        guard case .mapping = root else { return nil }
        let stem = URL(fileURLWithPath: reader.file).deletingPathExtension().lastPathComponent
        var suite = Suite(name: stem, file: reader.file)
        let values = ParameterValueReader(reader: reader, profiles: profiles)
        var checksNode: Node?, referenceNode: Node?
        var nameNode: Node?
        for entry in entries {
            switch entry.key {
            case "suite":
                if let name = reader.string(entry.value, what: "suite") {
                    suite.name = name
                    nameNode = entry.value
                }
            case "description":
                suite.description = reader.string(entry.value, what: "description")
            case "large":
                if let b = reader.flag(entry.value, what: "large") { suite.large = b }
            case "defaults":
                suite.defaults = assignment(entry.value, source: .defaults, what: "defaults", values: values)
            case "measure":
                suite.measure = measure(entry.value, reader: reader, simCacheAt: &suite.simCacheLocation)
            case "matrix":
                suite.matrixLocation = reader.location(of: entry.keyNode)
                readMatrix(entry.value, into: &suite, values: values)
            case "include":
                suite.include += parameterEntries(entry.value, what: "include", values: values)
            case "exclude":
                suite.excludeLocation = reader.location(of: entry.keyNode)
                suite.exclude += parameterEntries(entry.value, what: "exclude", values: values)
            case "providers":
                suite.providers = Self.providers(entry.value, reader: reader)
            case "reference":
                referenceNode = entry.value
            default:
                checksNode = entry.value
            }
        }
        // The name becomes a directory under --out: it must not lead anywhere else.
        if let problem = PathComponent.problem(suite.name) {
            let origin =
                nameNode == nil ? "suite name '\(suite.name)' (from the file name; set `suite:`)" : "suite name"
            let at = nameNode.map(reader.location(of:)) ?? SourceLocation(file: reader.file, line: 1, column: 1)
            reader.report(
                .badName, at: at,
                "\(origin) \(problem): it becomes a directory name under --out, so it "
                    + "must be \(PathComponent.rule) (got \(String(reflecting: suite.name)))")
        }
        // Implementation names may refer to `providers:`, wherever it is in the file.
        Self.checkImplementations(suite, reader: reader)
        if let node = referenceNode { suite.reference = Self.reference(node, suite: suite, reader: reader) }
        // Checks may name counters, so they are read once `measure` is known.
        if let node = checksNode {
            suite.checks = CheckSpecReader(reader: reader).checks(node, counters: suite.measure.counters)
        }
        return suite
    }

    /// A mapping of parameter → single value (`defaults`, one include/exclude entry).
    private func assignment(
        _ node: Node, source: LocatedValue.Source, what: String,
        values: ParameterValueReader
    ) -> ParameterAssignment {
        var result: ParameterAssignment = [:]
        for entry in values.reader.entries(of: node, allowed: SuiteParameter.keys, what: what) {
            guard let parameter = SuiteParameter(rawValue: entry.key),
                let value = values.value(of: parameter, entry.value)
            else { continue }
            result[parameter] = LocatedValue(value, at: values.reader.location(of: entry.value), from: source)
        }
        return result
    }

    /// `matrix:` — parameter → list of values. `include` and `exclude` are accepted
    /// inside it too, as GitHub Actions writes them.
    private func readMatrix(_ node: Node, into suite: inout Suite, values: ParameterValueReader) {
        let reader = values.reader
        let allowed = SuiteParameter.keys + ["include", "exclude"]
        for entry in reader.entries(of: node, allowed: allowed, what: "matrix") {
            if entry.key == "include" {
                suite.include += parameterEntries(entry.value, what: "include", values: values)
                continue
            }
            if entry.key == "exclude" {
                suite.excludeLocation = reader.location(of: entry.keyNode)
                suite.exclude += parameterEntries(entry.value, what: "exclude", values: values)
                continue
            }
            guard let parameter = SuiteParameter(rawValue: entry.key) else { continue }
            let items = reader.items(of: entry.value)
            let keyLocation = reader.location(of: entry.keyNode)
            if items.isEmpty {
                reader.report(
                    .emptyMatrix, at: keyLocation,
                    "matrix key '\(entry.key)' has an empty list, so the matrix has no cases")
            }
            let parsed = items.compactMap { item in
                values.value(of: parameter, item).map { LocatedValue($0, at: reader.location(of: item), from: .matrix) }
            }
            suite.matrix.append(MatrixAxis(parameter: parameter, location: keyLocation, values: parsed))
        }
    }

    /// A list of include/exclude entries, each a mapping of parameters. (Exclude values
    /// never reach a case, so marking both as `.include` loses nothing.)
    private func parameterEntries(
        _ node: Node, what: String,
        values: ParameterValueReader
    ) -> [ParameterEntry] {
        guard let items = values.reader.list(node, what: what) else { return [] }
        return items.compactMap { item in
            guard case .mapping = item else {
                values.reader.report(
                    .wrongType, at: item,
                    "each \(what) entry must be a mapping of parameters (got \(values.reader.describe(item)))")
                return nil
            }
            let entryValues = assignment(item, source: .include, what: "\(what) entry", values: values)
            return ParameterEntry(location: values.reader.location(of: item), values: entryValues)
        }
    }

    private func measure(_ node: Node, reader: SuiteNodeReader, simCacheAt suiteSimCacheLocation: inout SourceLocation?)
        -> MeasureSpec
    {
        var spec = MeasureSpec()
        var minNode: Node?, maxNode: Node?
        for entry in reader.entries(of: node, allowed: MeasureSpec.keys, what: "measure") {
            switch entry.key {
            case "warmup":
                if let n = reader.integer(entry.value, what: "warmup", minimum: 0, maximum: MeasureSpec.maxCount) {
                    spec.warmup = n
                }
            case "min_samples":
                if let n = reader.integer(entry.value, what: "min_samples", minimum: 1, maximum: MeasureSpec.maxCount) {
                    spec.minSamples = n; minNode = entry.value
                }
            case "max_samples":
                if let n = reader.integer(entry.value, what: "max_samples", minimum: 1, maximum: MeasureSpec.maxCount) {
                    spec.maxSamples = n; maxNode = entry.value
                }
            case "min_time":
                if let text = reader.string(entry.value, what: "min_time") {
                    if let seconds = DurationText.seconds(text) {
                        spec.minTime = seconds
                    } else {
                        reader.report(
                            .badQuantity, at: entry.value,
                            "min_time must be a duration such as 0.5s, 200ms or 50us (got '\(text)')")
                    }
                }
            case "invocations":
                if let n = reader.integer(entry.value, what: "invocations", minimum: 1) {
                    if n > MeasureSpec.maxInvocations {
                        reader.report(
                            .outOfRange, at: entry.value,
                            "invocations must be at most \(MeasureSpec.maxInvocations) (got \(n))")
                    } else {
                        spec.invocations = n
                    }
                }
            case "counters":
                let items = reader.list(entry.value, what: "counters") ?? []
                spec.counters = items.compactMap { item in
                    guard let name = reader.string(item, what: "a counter name") else { return nil }
                    SimulatedCounterNames.check(name, at: item, reader: reader)
                    return name
                }
            case "sim_cache":
                if let cache = SimulatedCounterNames.simCache(entry.value, reader: reader) {
                    spec.simCache = cache
                    suiteSimCacheLocation = reader.location(of: entry.value)
                }
            default:
                if let b = reader.flag(entry.value, what: "interleave") { spec.interleave = b }
            }
        }
        if spec.minSamples > spec.maxSamples, let at = minNode ?? maxNode {
            reader.report(
                .outOfRange, at: at,
                "min_samples (\(spec.minSamples)) is greater than max_samples (\(spec.maxSamples))")
        }
        return spec
    }

    /// A located diagnostic from what Yams threw while composing the document.
    static func syntaxDiagnostic(_ error: Error, file: String) -> SuiteDiagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        guard let yamlError = error as? YamlError else {
            return SuiteDiagnostic(.syntax, at: .wholeFile(file), "cannot read YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let whileParsing = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return SuiteDiagnostic(.syntax, at: at(mark), "invalid YAML: \(problem)\(whileParsing)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return SuiteDiagnostic(.syntax, at: at(context.mark), "duplicate key \(names) in one mapping")
        default:
            return SuiteDiagnostic(.syntax, at: .wholeFile(file), "invalid YAML: \(yamlError)")
        }
    }
}

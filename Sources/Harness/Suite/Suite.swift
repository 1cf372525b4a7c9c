/// A parsed suite file: its name, how to measure, what `compare` checks, and the
/// parameter space (defaults, matrix, include, exclude) that `CaseExpander` turns
/// into cases. Values keep their source locations so later errors can name a line.
public struct Suite: Sendable {
    /// `suite:`, or the file name without `.yaml` when absent.
    public var name: String
    public var description: String?
    /// The path the suite was read from, as given.
    public var file: String
    public var measure: MeasureSpec
    /// Metric → rule, for `compare`.
    public var checks: [String: CheckSpec]
    /// Parameters every case starts from.
    public var defaults: ParameterAssignment
    /// The matrix axes in file order (the first varies slowest).
    public var matrix: [MatrixAxis]
    public var include: [ParameterEntry]
    public var exclude: [ParameterEntry]
    /// `large: true`: the suite is large on purpose, so `run` starts it without `--yes`
    /// (see `RunScale`).
    public var large = false
    /// Where the `matrix` and `exclude` keys are, for errors about them as a whole.
    public var matrixLocation: SourceLocation?
    public var excludeLocation: SourceLocation?
    /// Providers the suite declares (`providers:`), besides the shipped `torch` and `numpy`.
    public var providers: [ProviderDeclaration] = []
    /// `reference:` — the implementation (optionally `IMPLEMENTATION:ALGORITHM`) the
    /// report's implementation ratios are taken against.
    public var reference: String?
    /// Where `measure.sim_cache` is, for errors about cases it cannot simulate.
    public var simCacheLocation: SourceLocation?

    public init(
        name: String, description: String? = nil, file: String, measure: MeasureSpec = MeasureSpec(),
        checks: [String: CheckSpec] = [:], defaults: ParameterAssignment = [:], matrix: [MatrixAxis] = [],
        include: [ParameterEntry] = [], exclude: [ParameterEntry] = [],
        matrixLocation: SourceLocation? = nil, excludeLocation: SourceLocation? = nil
    ) {
        self.name = name
        self.description = description
        self.file = file
        self.measure = measure
        self.checks = checks
        self.defaults = defaults
        self.matrix = matrix
        self.include = include
        self.exclude = exclude
        self.matrixLocation = matrixLocation
        self.excludeLocation = excludeLocation
    }

    /// The top-level keys of a suite file.
    public static let keys = [
        "suite", "description", "defaults", "measure", "matrix", "include", "exclude", "checks",
        "large", "providers", "reference"
    ]

    /// Every implementation name cases may use: attnbench, the shipped providers and the
    /// suite's own.
    public var implementationNames: [String] { ProviderName.builtIn + providers.map(\.name) }

    /// The metric names `checks` accepts besides the suite's own counters; `compare`
    /// must know how to read each of them from a case record.
    public static var checkMetrics: [String] { CheckSpecReader.knownMetrics }
}

/// One matrix key and its list of values.
public struct MatrixAxis: Sendable {
    public var parameter: SuiteParameter
    /// Where the key is written.
    public var location: SourceLocation
    public var values: [LocatedValue]

    public init(parameter: SuiteParameter, location: SourceLocation, values: [LocatedValue]) {
        self.parameter = parameter
        self.location = location
        self.values = values
    }
}

/// One `include` or `exclude` entry: a partial assignment of parameters.
public struct ParameterEntry: Sendable {
    /// Where the entry starts.
    public var location: SourceLocation
    public var values: ParameterAssignment

    public init(location: SourceLocation, values: ParameterAssignment) {
        self.location = location
        self.values = values
    }
}

/// One entry of a suite's `providers:` mapping: a name cases can use as their
/// `implementation`, and the command that starts the provider.
public struct ProviderDeclaration: Sendable, Equatable {
    public var name: String
    /// The program and its arguments. `python`/`python3` as the program means the Python
    /// attnbench finds (see docs/providers.md); the command runs in the suite's directory.
    public var command: [String]
    /// Where the entry is written.
    public var location: SourceLocation

    public init(name: String, command: [String], location: SourceLocation) {
        self.name = name
        self.command = command
        self.location = location
    }
}

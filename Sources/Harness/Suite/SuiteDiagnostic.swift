/// One problem found in a suite file, with the place it was found and the full message
/// the user sees. `attnbench validate` prints these; nothing runs while any exist.
///
/// Renders like a compiler error so editors and CI logs can jump to it:
/// `Suites/x.yaml:12:5: error: unknown key 'seqlen' (did you mean 'seq_len'?)`.
public struct SuiteDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// What class of problem this is (tests and tools match on it; people read `message`).
    public enum Kind: String, Hashable, Sendable {
        /// The file cannot be read or is not valid YAML.
        case syntax
        /// A key that this place in the suite does not have.
        case unknownKey
        /// A value of the wrong type or shape (`seq_len: abc`, a list where a number goes).
        case wrongType
        /// A name outside its fixed set (algorithm, precision, scaling, profile).
        case unknownValue
        /// A size (`96KiB`) or duration (`0.5s`) that does not parse.
        case badQuantity
        /// A suite name that cannot be a directory name (`../x`, control characters).
        case badName
        /// A number outside its allowed range (`threads: 0`, `min_samples` above `max_samples`).
        case outOfRange
        /// Heads that do not form MHA, GQA or MQA (Hq % Hkv != 0).
        case headLayout
        /// An explicit tile whose working set exceeds the SRAM capacity.
        case sramCapacity
        /// A case whose sizes overflow 64-bit arithmetic, or that needs more memory than
        /// the limit (`--max-memory`); also a matrix or measure block beyond its limits.
        case tooLarge
        /// Any other configuration the kernels refuse (incoherent with non-power-of-two head_dim, …).
        case invalidConfiguration
        /// Two settings that cannot both be given (`sram` and `profile`).
        case conflict
        /// A matrix that yields no cases (an empty list, or everything excluded).
        case emptyMatrix
        /// Two cases with the same id.
        case duplicateCase
        /// A `checks` entry that is not a known metric or not a valid rule.
        case badCheck
    }

    public var kind: Kind
    public var location: SourceLocation
    public var message: String

    public init(_ kind: Kind, at location: SourceLocation, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message`.
    public var description: String { "\(location): error: \(message)" }
}

/// Every problem found in one or more suite files; thrown by `SuiteLoader.load` so
/// callers get all of them at once rather than the first.
public struct SuiteValidationError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [SuiteDiagnostic]

    public init(_ diagnostics: [SuiteDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One rendered diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

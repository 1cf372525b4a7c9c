import Foundation

/// A suite file that passed validation, expanded into its cases, with the SHA-256 of the
/// file's bytes that the run record stores (so a comparison can tell edited suites apart).
public struct RunnableSuite: Sendable {
    /// The path as given on the command line.
    public let path: String
    public let expanded: ExpandedSuite
    /// SHA-256 of the file, hex.
    public let sha256: String

    public init(path: String, expanded: ExpandedSuite, sha256: String) {
        self.path = path
        self.expanded = expanded
        self.sha256 = sha256
    }

    public var name: String { expanded.suite.name }
}

extension SuiteLoader {
    /// Reads, checks and expands the suite at `path` for a run; throws every problem found.
    public func loadRunnable(path: String) throws(SuiteValidationError) -> RunnableSuite {
        // The file is read once: the hash is of exactly the bytes validated (even from a pipe).
        let validation = validate(path: path)
        return RunnableSuite(
            path: path, expanded: try validation.expanded(), sha256: validation.sha256 ?? SHA256.hex([UInt8]()))
    }
}

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
        let expanded = try load(path: path)
        let bytes = FileManager.default.contents(atPath: path) ?? Data()
        return RunnableSuite(path: path, expanded: expanded, sha256: SHA256.hex(bytes))
    }
}

import Harness

/// comparison.json: `{"summary", "failed", "exit_status", "comparison": {…}}` with the
/// same JSON conventions as run.json (snake_case, sorted keys).
public struct ComparisonJSONRenderer: ComparisonRenderer {
    public let fileName = "comparison.json"

    public init() {}

    private struct Document: Encodable {
        var summary: String
        var failed: Bool
        var exitStatus: Int32
        var comparison: Comparison
    }

    public func render(_ comparison: Comparison) throws -> String {
        let document = Document(
            summary: comparison.summaryLine, failed: comparison.failed,
            exitStatus: comparison.exitStatus, comparison: comparison)
        return String(decoding: try RecordJSON.encoder().encode(document), as: UTF8.self) + "\n"
    }
}

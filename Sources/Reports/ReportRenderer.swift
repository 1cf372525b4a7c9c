import Harness

/// Turns a run record into one report file (CSV, Markdown, JSON, …). One renderer per
/// format, each in its own file.
public protocol ReportRenderer {
    /// File name written next to run.json, e.g. `results.csv`.
    var fileName: String { get }
    func render(_ run: RunRecord) throws -> String
}

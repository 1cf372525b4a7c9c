import Foundation

/// A run made ready by `BenchmarkRunner.start`: the cases it will take, the directory its
/// files go to, and the record's header.
public struct RunStart: Sendable {
    public let cases: [SuiteCase]
    public let directory: URL
    public let record: RunRecord
}

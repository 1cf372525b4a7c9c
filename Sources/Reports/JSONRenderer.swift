import Harness

/// run.json: the complete record (every sample, counter and note) in attnbench's JSON
/// conventions (snake_case, sorted keys, schema in docs/run-record.schema.json).
public struct JSONRenderer: ReportRenderer {
    public let fileName = RunRecordStore.fileName

    public init() {}

    public func render(_ run: RunRecord) throws -> String {
        String(decoding: try run.jsonData(), as: UTF8.self)
    }
}

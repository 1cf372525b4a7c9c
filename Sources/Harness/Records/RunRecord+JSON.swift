import Foundation

/// run.json encoding and decoding (snake_case keys, sorted, pretty printed).
///
/// `schema_version` is the record's major version: fields are only ever added as
/// optionals within a major version, so any older file of the same major version
/// decodes; a file with a larger major version is refused with a clear error rather
/// than half-read.
extension RunRecord {
    /// The record as run.json bytes (UTF-8, trailing newline).
    public func jsonData() throws -> Data {
        var data = try RecordJSON.encoder().encode(self)
        data.append(0x0A)
        return data
    }

    /// Decodes run.json bytes and validates the record (`validationProblems`). `path`
    /// only labels errors, which name the JSON path and line of the bad value.
    public static func decode(jsonData data: Data, path: String = "run.json") throws -> RunRecord {
        let document: JSONDocument
        do {
            document = try JSONDocument(data)
        } catch {
            let (line, column) = JSONDocument.lineAndColumn(
                [UInt8](data.prefix(error.offset + 1)), offset: error.offset)
            throw RunRecordError.invalid(
                path: path, reason: "not valid JSON: \(error.message) at line \(line), column \(column)")
        }
        let decoder = JSONDocumentDecoder(document)
        guard document.kinds[document.root] == .object else {
            throw RunRecordError.invalid(
                path: path, reason: "expected a JSON object at the top level, found \(decoder.describe(document.root))")
        }
        guard let versionNode = decoder.find("schemaVersion", in: document.root) else {
            throw RunRecordError.missingSchemaVersion(path: path)
        }
        guard document.kinds[versionNode] == .number, let version = document.int64(versionNode) else {
            throw RunRecordError.invalid(
                path: path, reason: "schema_version: expected an integer, found \(decoder.describe(versionNode))")
        }
        if version > Int64(currentSchemaVersion) {
            throw RunRecordError.unsupportedSchemaVersion(
                path: path, found: Int(version), supported: currentSchemaVersion)
        }
        if version < 1 {
            throw RunRecordError.invalid(
                path: path, reason: "schema_version \(version) is not a valid version (must be ≥ 1)")
        }
        let record: RunRecord
        do {
            record = try decoder.decode(RunRecord.self)
        } catch let error as DecodingError {
            throw RunRecordError.invalid(path: path, reason: Self.describe(error))
        } catch {
            throw RunRecordError.invalid(path: path, reason: String(describing: error))
        }
        try record.validate(path: path)
        return record
    }

    /// A one-line description of a decoding error with its JSON path in snake_case.
    static func describe(_ error: DecodingError) -> String {
        func location(_ path: [CodingKey]) -> String {
            let parts = path.map { key in key.intValue.map { "[\($0)]" } ?? "." + RecordJSON.snakeCase(key.stringValue)
            }
            let joined = parts.joined()
            return joined.isEmpty ? "top level" : String(joined.drop(while: { $0 == "." }))
        }
        switch error {
        case let .keyNotFound(key, ctx):
            let parent = location(ctx.codingPath)
            return "missing key \"\(RecordJSON.snakeCase(key.stringValue))\" at \(parent)"
        case let .typeMismatch(type, ctx):
            let detail = ctx.debugDescription.isEmpty ? "expected \(type)" : ctx.debugDescription
            return "\(location(ctx.codingPath)): \(detail)"
        case let .valueNotFound(type, ctx):
            return "null at \(location(ctx.codingPath)): expected \(type)"
        case let .dataCorrupted(ctx):
            let underlying = ctx.underlyingError.map { ": \($0.localizedDescription)" } ?? ""
            return "\(location(ctx.codingPath)): \(ctx.debugDescription)\(underlying)"
        @unknown default:
            return String(describing: error)
        }
    }
}

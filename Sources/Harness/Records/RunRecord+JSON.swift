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

    /// Decodes run.json bytes. `path` only labels errors.
    public static func decode(jsonData data: Data, path: String = "run.json") throws -> RunRecord {
        let version = try peekSchemaVersion(data, path: path)
        if version > currentSchemaVersion {
            throw RunRecordError.unsupportedSchemaVersion(path: path, found: version, supported: currentSchemaVersion)
        }
        if version < 1 {
            throw RunRecordError.invalid(path: path, reason: "schema_version \(version) is not a valid version (must be ≥ 1)")
        }
        do {
            return try RecordJSON.decoder().decode(RunRecord.self, from: data)
        } catch let error as DecodingError {
            throw RunRecordError.invalid(path: path, reason: Self.describe(error))
        } catch {
            throw RunRecordError.invalid(path: path, reason: String(describing: error))
        }
    }

    private struct VersionProbe: Decodable {
        var schemaVersion: Int?
    }

    private static func peekSchemaVersion(_ data: Data, path: String) throws -> Int {
        let probe: VersionProbe
        do {
            probe = try RecordJSON.decoder().decode(VersionProbe.self, from: data)
        } catch let error as DecodingError {
            throw RunRecordError.invalid(path: path, reason: describe(error))
        } catch {
            throw RunRecordError.invalid(path: path, reason: String(describing: error))
        }
        guard let version = probe.schemaVersion else { throw RunRecordError.missingSchemaVersion(path: path) }
        return version
    }

    /// A one-line description of a decoding error with its JSON path in snake_case.
    static func describe(_ error: DecodingError) -> String {
        func where_(_ path: [CodingKey]) -> String {
            let parts = path.map { key in key.intValue.map { "[\($0)]" } ?? "." + RecordJSON.snakeCase(key.stringValue) }
            let joined = parts.joined()
            return joined.isEmpty ? "top level" : String(joined.drop(while: { $0 == "." }))
        }
        switch error {
        case let .keyNotFound(key, ctx):
            let parent = where_(ctx.codingPath)
            return "missing key \"\(RecordJSON.snakeCase(key.stringValue))\" at \(parent)"
        case let .typeMismatch(type, ctx):
            return "wrong type at \(where_(ctx.codingPath)): expected \(type)"
        case let .valueNotFound(type, ctx):
            return "null at \(where_(ctx.codingPath)): expected \(type)"
        case let .dataCorrupted(ctx):
            let underlying = ctx.underlyingError.map { ": \($0.localizedDescription)" } ?? ""
            return "\(ctx.debugDescription) at \(where_(ctx.codingPath))\(underlying)"
        @unknown default:
            return String(describing: error)
        }
    }
}

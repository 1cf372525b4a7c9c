import Foundation

/// Why a run record could not be read or written. Every case names the file and says
/// what to do, so the CLI can print `description` and exit 2.
public enum RunRecordError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// Neither a run directory containing run.json nor a JSON file exists at the path.
    case notFound(path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The bytes are not a run record (bad JSON, wrong types, missing fields).
    case invalid(path: String, reason: String)
    /// The file has no `schema_version`: not a run record.
    case missingSchemaVersion(path: String)
    /// Written by a newer attnbench whose schema this version cannot read.
    case unsupportedSchemaVersion(path: String, found: Int, supported: Int)
    /// Writing the file (or renaming it into place) failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notFound(path):
            return "\(path): no run record here (expected a run directory containing run.json, or a .json file)"
        case let .unreadable(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .invalid(path, reason):
            return "\(path): not a valid attnbench run record: \(reason)"
        case let .missingSchemaVersion(path):
            return "\(path): not an attnbench run record (no \"schema_version\" key)"
        case let .unsupportedSchemaVersion(path, found, supported):
            return "\(path): schema_version \(found) was written by a newer attnbench; "
                + "this one (\(HarnessVersion.current)) reads schema versions up to \(supported). Upgrade attnbench to read it."
        case let .writeFailed(path, reason):
            return "\(path): cannot write: \(reason)"
        }
    }

    public var errorDescription: String? { description }

    /// The reason alone, without the path (for messages that name the path themselves).
    public var reason: String {
        switch self {
        case .notFound: return "no such run record"
        case let .unreadable(_, reason), let .invalid(_, reason), let .writeFailed(_, reason): return reason
        case .missingSchemaVersion: return "no \"schema_version\" key"
        case let .unsupportedSchemaVersion(_, found, supported):
            return "schema_version \(found) is newer than \(supported)"
        }
    }
}

import Foundation
import Harness

/// Resolves what a user typed for `compare BASE CURRENT`: a run directory, a run.json
/// or baseline file path, or the name of a baseline in the store.
public enum RunReference {
    /// Neither a path nor a stored baseline.
    public struct Unresolved: Error, Equatable, CustomStringConvertible {
        public var argument: String
        public var baselineDirectory: String
        public var available: [String]

        public var description: String {
            let list = available.isEmpty ? "none stored" : "available: " + available.joined(separator: ", ")
            return
                "\(argument): no such run directory or file, and no baseline of that name in \(baselineDirectory) (\(list))"
        }
    }

    /// Loads `argument`: an existing path first, else a baseline name in `baselines`.
    public static func load(_ argument: String, baselines: BaselineStore) throws -> RunRecord {
        if FileManager.default.fileExists(atPath: argument) {
            return try RunRecordStore.load(argument)
        }
        let names = (try? baselines.names()) ?? []
        let bare = argument.hasSuffix(".json") ? String(argument.dropLast(5)) : argument
        if names.contains(bare) {
            return try baselines.load(name: bare)
        }
        throw Unresolved(argument: argument, baselineDirectory: baselines.directory.path, available: names)
    }
}

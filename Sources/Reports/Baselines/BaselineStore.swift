import Foundation
import Harness

/// Named baselines under `Results/baselines/NAME.json`, committed so CI can compare
/// against them.
///
/// A baseline is a run record. By default it is saved without raw samples (statistics
/// only: a 50-case suite is then a few tens of kB instead of megabytes, and diffs stay
/// reviewable); `compare` then judges timing from the stored medians and intervals (see
/// `TimingComparison`). Deterministic metrics (traffic, FLOPs, accuracy, counters'
/// summaries) are kept in full either way.
public struct BaselineStore: Sendable {
    /// Directory holding the baselines.
    public let directory: URL

    /// Baselines in `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Baselines in `root/Results/baselines` (`root`: the repository).
    public init(root: URL) {
        self.directory = root.appendingPathComponent("Results").appendingPathComponent("baselines")
    }

    /// Why a baseline name was refused or not found.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case invalidName(String)
        case notFound(name: String, directory: String, available: [String])
        /// Saving would replace this existing baseline and replacing was not asked for.
        case exists(path: String)

        public var description: String {
            switch self {
            case let .invalidName(name):
                return
                    "invalid baseline name \"\(name)\": use letters, digits, '.', '-' and '_' only (it becomes a file name)"
            case let .exists(path):
                return "\(path): a baseline of that name exists (replace it on purpose)"
            case let .notFound(name, directory, available):
                let list = available.isEmpty ? "there are none" : "available: " + available.joined(separator: ", ")
                return "no baseline named \"\(name)\" in \(directory) (\(list))"
            }
        }
    }

    /// The file a baseline name maps to.
    public func url(forName name: String) throws -> URL {
        let allowed = name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-" || $0 == "_"
        }
        guard !name.isEmpty, allowed, !name.hasPrefix("."), name.unicodeScalars.allSatisfy(\.isASCII) else {
            throw Error.invalidName(name)
        }
        return directory.appendingPathComponent(name.hasSuffix(".json") ? name : name + ".json")
    }

    /// Saves `run` as baseline `name` (atomically) and returns its file; an existing
    /// baseline of that name is replaced only when `replacing` (else `Error.exists`).
    /// Samples are dropped unless `withSamples`; a metric that only exists as samples gets
    /// a summary computed first, so nothing is lost for compare.
    @discardableResult
    public func save(_ run: RunRecord, name: String, withSamples: Bool = false, replacing: Bool = false) throws -> URL {
        let file = try url(forName: name)
        if !replacing && FileManager.default.fileExists(atPath: file.path) { throw Error.exists(path: file.path) }
        try AtomicFile.createDirectory(directory)
        try RunRecordStore.write(withSamples ? run : Self.strippingSamples(run), toFile: file)
        return file
    }

    /// Loads baseline `name`.
    public func load(name: String) throws -> RunRecord {
        let file = try url(forName: name)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw Error.notFound(name: name, directory: directory.path, available: (try? names()) ?? [])
        }
        return try RunRecordStore.load(from: file)
    }

    /// Names of the stored baselines, sorted.
    public func names() throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(5)) }
            .sorted()
    }

    /// `run` without raw samples, with a summary for every sampled metric (wall_ns,
    /// cpu_ns, each counter) that lacked one.
    public static func strippingSamples(_ run: RunRecord) -> RunRecord {
        var copy = run
        copy.cases = run.cases.map { record in
            var r = record
            r.simulation?.profile = nil  // the callgrind file stays with the run, not the baseline
            guard !record.samples.isEmpty else { return r }
            if r.statistics["wall_ns"] == nil {
                r.statistics["wall_ns"] = Summary(samples: record.samples.map { Double($0.wallNs) })
            }
            if r.statistics["cpu_ns"] == nil {
                r.statistics["cpu_ns"] = Summary(samples: record.samples.map { Double($0.cpuNs) })
            }
            let counterNames = Set(record.samples.flatMap { $0.counters.keys })
            for name in counterNames where r.statistics[name] == nil {
                r.statistics[name] = Summary(samples: record.samples.compactMap { $0.counters[name].map(Double.init) })
            }
            r.samples = []
            return r
        }
        return copy
    }
}

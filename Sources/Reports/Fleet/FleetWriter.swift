import AttentionKernels
import Foundation
import Harness

/// Writes a fleet report into a directory: fleet.md, fleet.csv, the charts and fleet.json.
///
/// It never destroys what it did not make: an existing file of the same name is replaced
/// only when an earlier fleet report listed it in this directory's fleet.json (or when
/// `force` is set), and never when it is not a regular file (a directory, link, FIFO or
/// device). Every check happens before the first write, so a refusal leaves the directory
/// as it was. Each file is written atomically.
public enum FleetWriter {
    public static let manifestName = "fleet.json"

    /// Writes the report and returns the files written, fleet.md first.
    @discardableResult
    public static func write(
        _ fleet: FleetReport, to directory: URL, force: Bool = false,
        rooflineProfiles: [HardwareProfile] = []
    ) throws(FleetOutputError) -> [URL] {
        let charts = FleetCharts.charts(for: fleet, rooflineProfiles: rooflineProfiles)
        var outputs: [(name: String, text: String)] = [
            (FleetMarkdownRenderer.fileName, FleetMarkdownRenderer().render(fleet, charts: charts)),
            (FleetCSVRenderer.fileName, FleetCSVRenderer().render(fleet))
        ]
        outputs += charts.map { ($0.name, $0.svg) }
        let owned = try prepare(directory, names: outputs.map(\.name) + [manifestName], force: force)
        let fm = FileManager.default
        let stillThere = owned.filter { fm.fileExists(atPath: directory.appendingPathComponent($0).path) }
        let files = MarkdownRenderer.orderedUnique(outputs.map(\.name) + [manifestName] + stillThere.sorted())
        let manifest: Data
        do {
            manifest = try RecordJSON.encoder().encode(FleetDocument(fleet, files: files)) + Data("\n".utf8)
        } catch {
            throw FleetOutputError.writeFailed(
                path: directory.appendingPathComponent(manifestName).path,
                reason: "cannot encode: \(error)")
        }
        var written: [URL] = []
        for (name, data) in outputs.map({ ($0.name, Data($0.text.utf8)) }) + [(manifestName, manifest)] {
            let url = directory.appendingPathComponent(name)
            do {
                try AtomicFile.write(data, to: url)
            } catch {
                throw FleetOutputError.writeFailed(path: url.path, reason: "\(error)")
            }
            written.append(url)
        }
        return written
    }

    /// Creates `directory` when missing, checks that every output may be written, and
    /// returns the names an earlier fleet report here listed as its own.
    static func prepare(_ directory: URL, names: [String], force: Bool) throws(FleetOutputError) -> Set<String> {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw FleetOutputError.notADirectory(directory.path) }
        } else {
            do {
                try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw FleetOutputError.writeFailed(path: directory.path, reason: error.localizedDescription)
            }
        }
        let owned = previousFiles(in: directory)
        for name in names {
            let path = directory.appendingPathComponent(name).path
            guard let attributes = try? fm.attributesOfItem(atPath: path) else { continue }
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                throw FleetOutputError.notARegularFile(path)
            }
            if !force && !owned.contains(name) { throw FleetOutputError.wouldReplace(path) }
        }
        return owned
    }

    /// The `files` of this directory's fleet.json, or none when it is missing or not one.
    static func previousFiles(in directory: URL) -> Set<String> {
        struct Listing: Decodable { var files: [String] }
        guard
            let data = try? InputFile.readAll(
                directory.appendingPathComponent(manifestName).path, limit: 16 << 20, what: "manifest"),
            let listing = try? RecordJSON.decoder().decode(Listing.self, from: data)
        else { return [] }
        return Set(listing.files)
    }
}

/// Why a fleet report could not be written; each names the path.
public enum FleetOutputError: Error, Equatable, CustomStringConvertible {
    /// A file of that name exists and no earlier fleet report here wrote it.
    case wouldReplace(String)
    /// The output path exists but is a directory, link, FIFO or device.
    case notARegularFile(String)
    case notADirectory(String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .wouldReplace(path):
            return "\(path) exists and was not written by a fleet report: refusing to replace it"
        case let .notARegularFile(path):
            return "\(path) exists and is not a regular file: refusing to replace it"
        case let .notADirectory(path):
            return "\(path) is not a directory"
        case let .writeFailed(path, reason):
            return "\(path): cannot write: \(reason)"
        }
    }
}

import ArgumentParser
import Foundation
import Harness
import Reports

/// `attnbench merge RUN… --out DIR`: shards of one suite merged into one run.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge shards (run --shard K/N, or from a scheduler) of one suite into one run.",
        discussion: """
            Shards must come from the same suite file, build, commit and options, on one CPU model and core \
            count: timings of different machines are not comparable. --allow-mixed merges them anyway; each case \
            keeps its host and the report says the run is mixed. A run missing shards of 1…N is marked partial.
            """)

    @Argument(help: "Run directories or run.json files of the shards.") var runs: [String]
    @Option(help: "Directory to write the merged run into.") var out: String
    @Flag(help: "Merge shards that differ in suite, build, commit, options, CPU model or cores; cases keep their host.")
    var allowMixed = false
    @Flag(help: "Replace the run files (run.json, results.csv, report.md) --out already holds.")
    var force = false

    func run() throws {
        var shards: [(path: String, record: RunRecord)] = []
        for path in runs {
            do {
                shards.append((path, try RunRecordStore.load(path)))
            } catch {
                throw CLIError.badInput("\(error)")
            }
        }
        let merged: RunRecord
        do {
            merged = try RunRecord.merge(shards, options: .init(allowMixed: allowMixed))
        } catch {
            throw CLIError.badInput(Self.message(for: error))
        }
        let dir = URL(fileURLWithPath: out)
        let existing = ReportWriter.existingRunFiles(in: dir)
        if !existing.isEmpty && !force {
            throw CLIError.badInput(
                "--out: \(dir.path) already holds a run (\(existing.joined(separator: ", "))); merge never "
                    + "replaces one: choose another --out, or --force to replace it")
        }
        do {
            _ = try ReportWriter.write(merged, to: dir)
        } catch {
            throw CLIError.writeFailed("--out", error)
        }
        let hosts = Set(merged.cases.compactMap(\.host)).count
        print(
            "merged \(merged.cases.count) cases from \(shards.count) shards on \(hosts) host\(hosts == 1 ? "" : "s")"
                + (merged.partial ? " (partial)" : "") + (merged.mixed != nil ? " (mixed)" : "")
                + " → \(dir.path)/report.md")
    }

    /// The merge error with what the user can do about it.
    static func message(for error: RunRecord.MergeError) -> String {
        switch error {
        case .mixed:
            return "\(error). Pass --allow-mixed to merge them anyway (each case keeps its host; the report then "
                + "says the run is mixed), or report them side by side with report --by host."
        case .nothingToMerge, .duplicateCase, .duplicateShard:
            return error.description
        }
    }
}

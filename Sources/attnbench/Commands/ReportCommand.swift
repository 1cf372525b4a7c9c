import ArgumentParser
import Foundation
import Harness
import Reports

/// `attnbench report RUN_DIR`: regenerates results.csv, report.md and charts from run.json.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Regenerate results.csv, report.md and charts from a run's run.json.")

    @Argument(help: "Run directory (holding run.json).") var runDirectory: String
    @Option(help: "Implementation the report's ratios are taken against (IMPLEMENTATION or IMPLEMENTATION:ALGORITHM, e.g. torch or attnbench:flash); default: the suite's reference.")
    var reference: String?

    func run() throws {
        do {
            if let reference {
                let record = try RunRecordStore.load(runDirectory)
                let known = Set(record.cases.map(\.parameters.implementation)).sorted()
                if let problem = SuiteParser.referenceProblem(reference, known: known) {
                    throw CLIError.badInput("--reference: " + problem.replacingOccurrences(of: "of the suite", with: "of this run"))
                }
            }
            let (_, files) = try ReportWriter.regenerate(runDirectory: URL(fileURLWithPath: runDirectory), reference: reference)
            for f in files { print(f.path) }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError.badInput("\(error)")
        }
    }
}

/// `attnbench merge RUN… --out DIR`: shards of one suite merged into one run.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Merge shards (run --shard K/N) of one suite into one run.")

    @Argument(help: "Run directories or run.json files of the shards.") var runs: [String]
    @Option(help: "Directory to write the merged run into.") var out: String

    func run() throws {
        var shards: [(path: String, record: RunRecord)] = []
        for path in runs {
            do {
                shards.append((path, try RunRecordStore.load(path)))
            } catch {
                throw CLIError.badInput("\(error)")
            }
        }
        do {
            let merged = try RunRecord.merge(shards)
            let dir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            _ = try ReportWriter.write(merged, to: dir)
            print("merged \(merged.cases.count) cases → \(dir.path)/report.md")
        } catch let e as RunRecord.MergeError {
            throw CLIError.badInput(e.description)
        }
    }
}

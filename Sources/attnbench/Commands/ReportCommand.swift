import ArgumentParser
import AttentionKernels
import Foundation
import Harness
import Reports

/// `attnbench report RUN_DIR` regenerates results.csv, report.md and charts from run.json;
/// `attnbench report --by host RUN… --out DIR` puts runs of several machines side by side.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regenerate a run's report from run.json, or (--by host) a fleet report of several machines.",
        discussion: """
            report RUN_DIR rewrites results.csv, report.md and the charts (a roofline included) next to run.json.
            report --by host RUN… --out DIR writes fleet.md, fleet.csv, fleet.json and charts into DIR: per case \
            a column group per machine (time, GFLOP/s, % of its measured peak, speed vs the reference machine) and \
            one roofline per machine. Files in DIR that no earlier fleet report wrote are never replaced without \
            --force.
            """)

    /// How several runs are grouped into one report.
    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case host
    }

    /// A hardware profile drawn as a dashed comparison roof in rooflines.
    enum RooflineProfile: String, ExpressibleByArgument, CaseIterable {
        case a100, h100, h200
    }

    @Argument(help: "Run directory (holding run.json); with --by host, the runs of every machine.") var runs: [String]
    @Option(help: "Put several runs side by side, one column group per machine.") var by: Grouping?
    @Option(help: "Directory for the fleet report (with --by).") var out: String?
    @Option(
        help: """
            With --by host: the host the fleet report's ratios are relative to (default: the first run's). Otherwise: \
            the implementation the report's implementation ratios are taken against, IMPLEMENTATION or \
            IMPLEMENTATION:ALGORITHM such as torch or attnbench:flash (default: the suite's reference).
            """)
    var reference: String?
    @Option(name: .customLong("roofline-profile"), help: "Also draw this GPU's roof (dashed) in rooflines; repeatable.")
    var rooflineProfiles: [RooflineProfile] = []
    @Flag(help: "With --by: replace files in --out that no earlier fleet report wrote (never directories or devices).")
    var force = false

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give a run directory") }
        if by == nil {
            guard runs.count == 1 else { throw ValidationError("several runs need --by host (a fleet report)") }
            for (set, name) in [(out != nil, "--out"), (force, "--force")] where set {
                throw ValidationError("\(name) belongs to --by host")
            }
        } else if out == nil {
            throw ValidationError("--by host needs --out DIR")
        }
    }

    func run() throws {
        let profiles = rooflineProfiles.compactMap { HardwareProfile.builtIn(named: $0.rawValue) }
        guard by != nil, let out else {
            do {
                if let reference {
                    let known = Set(try RunRecordStore.load(runs[0]).cases.map(\.parameters.implementation)).sorted()
                    if let problem = SuiteParser.referenceProblem(reference, known: known) {
                        throw CLIError.badInput(
                            "--reference: " + problem.replacingOccurrences(of: "of the suite", with: "of this run"))
                    }
                }
                let (_, files) = try ReportWriter.regenerate(
                    runDirectory: URL(fileURLWithPath: runs[0]),
                    rooflineProfiles: profiles, reference: reference)
                for f in files { print(f.path) }
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError.badInput("\(error)")
            }
            return
        }
        var loaded: [(source: String, record: RunRecord)] = []
        for path in runs {
            do {
                loaded.append((path, try RunRecordStore.load(path)))
            } catch {
                throw CLIError.badInput("\(error)")
            }
        }
        let fleet: FleetReport
        do {
            fleet = try FleetReport(runs: loaded, reference: reference)
        } catch {
            throw CLIError.badInput(error.description)
        }
        do {
            let files = try FleetWriter.write(
                fleet, to: URL(fileURLWithPath: out), force: force, rooflineProfiles: profiles)
            for f in files { print(f.path) }
        } catch {
            let hint = if case .wouldReplace = error { " (choose another --out, or --force)" } else { "" }
            throw CLIError.badInput("--out: \(error)\(hint)")
        }
    }
}

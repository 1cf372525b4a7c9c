import ArgumentParser
import Harness

/// `attnbench validate SUITE…`: every error in every suite, before anything runs.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check suites without running them; exit 2 on any error.")

    @Argument(help: "Suite files.") var suites: [String]
    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let loader = SuiteLoader(memory: memory.budget)
        var failed: [String] = []
        for path in suites {
            let v = loader.validate(path: path)
            if v.isValid {
                print("\(path): ok (\(v.cases.count) cases)")
            } else {
                failed += v.diagnostics.map(\.description)
            }
        }
        if !failed.isEmpty { throw CLIError.badInput(failed.joined(separator: "\n")) }
    }
}

/// `attnbench list SUITE`: the expanded cases with their estimated cost.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a suite's expanded cases with their estimated cost.")

    @Argument(help: "Suite file.") var suite: String
    @Flag(help: "Costs as --quick would run them.") var quick = false
    @Option(help: ArgumentHelp("Show how the cases split into N shards (run --shard K/N) instead.", valueName: "N"))
    var shards: Int?

    @OptionGroup var memory: MemoryOptions

    func validate() throws {
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1 (got \(shards))") }
    }

    func run() throws {
        let loader = SuiteLoader(memory: memory.budget)
        let v = loader.validate(path: suite)
        guard v.isValid, let s = try? v.expanded() else {
            throw CLIError.badInput(v.diagnostics.map(\.description).joined(separator: "\n"))
        }
        if let shards {
            // The split never depends on --quick (every shard must agree on it).
            print(ShardListing.render(s.cases, count: shards, cost: ShardCost(measure: s.suite.measure)))
        } else {
            print(CaseListing.render(s.cases, measure: quick ? s.suite.measure.quick : s.suite.measure))
        }
    }
}

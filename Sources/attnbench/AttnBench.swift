import ArgumentParser

/// The `attnbench` command. Subcommands are thin: they parse options, call the
/// modules and map errors to exit codes (0 ok, 1 regression or failed check, 2 bad input).
@main
struct AttnBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attnbench",
        abstract: "Benchmark, profile and model CPU attention variants.",
        subcommands: [Attend.self]
    )
}

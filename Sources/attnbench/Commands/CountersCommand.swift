import ArgumentParser
import Counters
import Foundation

/// `attnbench counters`: which PAPI presets and native events work on this machine, and
/// PAPI's reason for each that does not.
struct CountersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counters",
        abstract: "List which PAPI events work on this machine, and why the others do not.")

    @Flag(help: "Print the probe as JSON.") var json = false

    func run() throws {
        let probe = CounterProbe.run()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let data = try encoder.encode(probe)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(probe.render())
        }
    }
}

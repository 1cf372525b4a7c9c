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
            print(JSONText.encode(probe, pretty: true))
        } else {
            print(probe.render())
        }
    }
}

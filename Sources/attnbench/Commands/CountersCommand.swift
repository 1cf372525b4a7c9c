import ArgumentParser
import Counters
import Foundation
import Harness

/// `attnbench counters`: which PAPI presets and native events work on this machine, and
/// PAPI's reason for each that does not; then whether simulated events (`sim::…`, Valgrind)
/// work, with which Valgrind, simulation build and default caches.
struct CountersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counters",
        abstract:
            "List which PAPI events work on this machine and why the others do not, and whether simulated sim:: events work."
    )

    @Flag(help: "Print the probe as JSON.") var json = false

    func run() throws {
        let probe = CounterProbe.run()
        let simulation = SimulationProbe.run()
        if json {
            print(JSONText.encode(ProbeReport(papi: probe, simulation: simulation), pretty: true))
        } else {
            print(probe.render())
            print(simulation.render())
        }
    }

    /// The PAPI probe's fields with `simulation` added beside them.
    struct ProbeReport: Encodable {
        let papi: CounterProbe
        let simulation: SimulationProbe
        private enum Keys: String, CodingKey { case simulation }

        func encode(to encoder: Encoder) throws {
            try papi.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(simulation, forKey: .simulation)
        }
    }
}

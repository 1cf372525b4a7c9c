import ArgumentParser
import Foundation
import Harness

/// `attnbench simulate-case` (hidden): the child process of a simulated case. `run` starts
/// it under callgrind in the simulation build and passes the case on stdin; it makes one
/// counted kernel call (see `SimulationChild`).
struct SimulateCase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-case",
        abstract: "Run one case for simulated counters (started by `run` under callgrind; reads the case on stdin).",
        shouldDisplay: false)

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        do {
            print(try SimulationChild.run(input: input))
        } catch {
            throw CLIError.badInput(error.description)
        }
    }
}

import ArgumentParser
import AttentionKernels
import Foundation
import Harness

/// `attnbench model`: the traffic ledger of one configuration, computed by walking the
/// kernel's own tile loops without arithmetic, plus roofline time estimates.
struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Model HBM/SRAM traffic, FLOPs and roofline time of one configuration without running it.")

    @OptionGroup var shapeOptions: ShapeOptions
    @OptionGroup var kernel: KernelOptions
    @Option(help: "Hardware profile for SRAM capacity and roofline: \(profileNames).")
    var profile: String?
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    static var profileNames: String { (HardwareProfile.builtIn.map(\.name) + ["host"]).joined(separator: ", ") }

    func run() throws {
        let shape = try shapeOptions.shape()
        var chosen: HardwareProfile?
        if let profile {
            guard kernel.sram == nil else {
                throw CLIError.badInput("--sram and --profile both set the SRAM capacity; give one of them")
            }
            chosen = try Self.lookUp(profile)
        }
        let options = try kernel.attentionOptions(sramOverride: chosen?.sramBytes)
        let plan = try makePlan(shape: shape, options: options)
        let ledger = plan.modeledTraffic()
        let profiles = chosen.map { [$0] } ?? HardwareProfile.builtIn
        let report = ModelReport(plan: plan, ledger: ledger, profiles: profiles)
        print(json ? report.json : report.table)
    }

    static func lookUp(_ name: String) throws -> HardwareProfile {
        if name.lowercased() == "host" { return HostProfiler.profile().profile }
        guard let p = HardwareProfile.builtIn(named: name) else {
            throw CLIError.badInput("--profile: unknown profile '\(name)' (expected one of \(profileNames))")
        }
        return p
    }
}

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
    @Option(
        help: ArgumentHelp(
            "Hardware profile for SRAM capacity and roofline: \(profileNames) (host measures "
                + "this machine).", valueName: "name"),
        completion: .list(Model.profileList))
    var profile: String?
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    static var profileList: [String] { HardwareProfile.builtIn.map(\.name) + ["host"] }
    static var profileNames: String { profileList.joined(separator: ", ") }

    func validate() throws {
        guard let profile else { return }
        guard kernel.sram == nil else {
            throw ValidationError("--sram and --profile both set the SRAM capacity; give one of them")
        }
        guard profile.lowercased() == "host" || HardwareProfile.builtIn(named: profile) != nil else {
            throw ValidationError("--profile: unknown profile '\(profile)' (expected one of \(Self.profileNames))")
        }
    }

    func run() throws {
        let shape = shapeOptions.shape
        let chosen = profile.map(Self.lookUp)
        let plan = try makePlan(shape: shape, options: kernel.attentionOptions(sramOverride: chosen?.sramBytes))
        let ledger = plan.modeledTraffic()
        let profiles = chosen.map { [$0] } ?? HardwareProfile.builtIn
        let report = ModelReport(plan: plan, ledger: ledger, profiles: profiles)
        print(json ? report.json : report.table)
    }

    /// A name `validate()` accepted: a built-in profile, or `host` measured now.
    static func lookUp(_ name: String) -> HardwareProfile {
        HardwareProfile.builtIn(named: name) ?? HostProfiler.profile().profile
    }
}

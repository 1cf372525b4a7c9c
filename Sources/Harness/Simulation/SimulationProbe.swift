import AttentionKernels
import Counters
import Foundation

/// What `attnbench counters` says about simulated events: whether they work here (proved by
/// simulating one tiny case, about two seconds), which Valgrind and simulation build would
/// run them, and which caches would be simulated by default.
public struct SimulationProbe: Codable, Sendable {
    /// One simulated event and what it counts.
    public struct Event: Codable, Sendable {
        public var name: String
        public var description: String
    }

    /// Whether a simulation ran and counted.
    public var works: Bool
    /// Why simulated events cannot be counted here; nil when they work.
    public var reason: String?
    public var valgrindVersion: String?
    public var valgrind: String?
    public var binary: String?
    /// The default (`host`) geometry, or nil when sysfs does not describe it.
    public var hostGeometry: CacheGeometry?
    /// Every simulated event.
    public var events: [Event]
    /// Callgrind's totals for the probe case (flash, 1 head, 32 tokens, head_dim 16).
    public var probeTotals: [String: Int64]?
    /// Seconds the probe simulation took.
    public var seconds: Double?

    /// Finds Valgrind and the simulation build and simulates one tiny case.
    public static func run(environment: [String: String] = ProcessInfo.processInfo.environment) -> SimulationProbe {
        let setup = SimulationSetup(counters: ["sim::Ir"], cache: .host, keepProfiles: false, environment: environment)
        var probe = SimulationProbe(
            works: false, reason: setup.failure?.description, valgrindVersion: setup.valgrind?.version,
            valgrind: setup.valgrind?.executable, binary: setup.binary?.url.path,
            hostGeometry: try? setup.geometry(sramBytes: nil).get(),
            events: SimulatedEvent.all.map { Event(name: $0.name, description: $0.description) })
        guard setup.canSimulate, let valgrind = setup.valgrind, let binary = setup.binary,
            let geometry = probe.hostGeometry
        else { return probe }
        let parameters = CaseParameters(
            batch: 1, heads: 1, kvHeads: 1, seqLen: 32, kvLen: 32, headDim: 16, causal: false,
            algorithm: "flash", precision: "fp32", scaling: "tensor", incoherent: false,
            tile: "16x16", effectiveTile: "16x16", sramBytes: nil, profile: nil, gqaPacking: true,
            threads: 1, seed: 42, distribution: .standard)
        guard let input = try? RecordJSON.encoder().encode(SimulationRequest(id: "probe", parameters: parameters))
        else {
            return probe
        }
        let started = Date()
        let invocation = CallgrindInvocation(
            valgrind: valgrind, program: binary.url, arguments: ["simulate-case"],
            geometry: geometry, input: input, timeout: 120)
        switch invocation.run() {
        case .failure(let f):
            probe.reason = f.description
        case .success(let outcome):
            probe.seconds = Date().timeIntervalSince(started)
            probe.probeTotals = outcome.profile.totals
            if (outcome.profile.totals["Ir"] ?? 0) > 0 {
                probe.works = true
            } else {
                probe.reason = "the probe simulation counted no instructions (collection never switched on)"
            }
        }
        return probe
    }

    /// The text `attnbench counters` prints after the PAPI part.
    public func render() -> String {
        var lines: [String] = []
        if works {
            let ir =
                probeTotals?["Ir"].map {
                    " (probe: \($0) instructions in a tiny flash call, \(String(format: "%.1f", seconds ?? 0)) s)"
                } ?? ""
            lines.append("Simulated events (sim::, Valgrind callgrind): yes\(ir).")
        } else {
            lines.append("Simulated events (sim::, Valgrind callgrind): NO — \(reason ?? "unknown reason").")
        }
        lines.append("  Valgrind: " + (valgrind.map { "\($0) (\(valgrindVersion ?? "?"))" } ?? "not found"))
        lines.append(
            "  Simulation build: " + (binary ?? "not found (build it with `\(SimulationBinary.buildCommand)`)"))
        lines.append("  Default caches (sim_cache: host): " + (hostGeometry?.description ?? "unknown"))
        lines.append(
            "  Other settings: measure.sim_cache / run --sim-cache sram (SRAM as the last level) or I1=…,D1=…,LL=….")
        lines.append("Simulated events (one kernel call per case, exact counts):")
        let width = (events.map(\.name.count).max() ?? 0) + 2
        for event in events {
            lines.append(
                "  " + event.name + String(repeating: " ", count: width - event.name.count) + event.description)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

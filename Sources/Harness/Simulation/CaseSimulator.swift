import Counters
import Foundation

/// The parent side of simulated counters: for each finished case, runs it once more in the
/// simulation build under callgrind (`SimulationChild` is the other side) and adds the
/// counts to its record: each requested `sim::` event as a one-value statistic (so
/// results.csv's `counter:sim::Ir` column and `compare` treat it like any counter), the
/// simulation's details in `CaseRecord.simulation`, and the derived metrics recomputed.
///
/// A case that cannot be simulated keeps empty sim columns and gets a note saying why. If
/// the very first simulation fails for a reason that is not the case's own (Valgrind cannot
/// start, the build has no client requests), no further case is tried: the events are
/// marked unavailable with that reason instead.
public final class CaseSimulator {
    public let setup: SimulationSetup
    /// Where callgrind output files go (`<run dir>/callgrind/`); nil keeps none.
    let profileDirectory: URL?
    /// Wall-clock limit per case, seconds.
    let timeout: Double
    private(set) var succeeded = 0
    /// Set when simulation turned out not to work at all.
    public private(set) var globalFailure: String?

    /// The subdirectory of a run directory that holds callgrind output files.
    public static let profileSubdirectory = "callgrind"

    public init(setup: SimulationSetup, runDirectory: URL?, timeout: Double = 1800) {
        self.setup = setup
        profileDirectory = setup.keepProfiles ? runDirectory?.appendingPathComponent(Self.profileSubdirectory) : nil
        self.timeout = timeout
    }

    /// Simulates `suiteCase` and merges the result into `record`; returns a note when it failed.
    func simulate(_ suiteCase: SuiteCase, into record: inout CaseRecord, stop: StopSignal, progress: RunProgress)
        -> String?
    {
        guard setup.canSimulate, globalFailure == nil, record.status == .ok,
            let valgrind = setup.valgrind, let binary = setup.binary
        else { return nil }
        let geometry: CacheGeometry
        switch setup.geometry(sramBytes: suiteCase.parameters.sramBytes) {
        case .failure(let f): return "case \(suiteCase.id): not simulated: \(f.description)"
        case .success(let g): geometry = g
        }
        let request = SimulationRequest(id: suiteCase.id, parameters: suiteCase.parameters)
        let input: Data
        do {
            input = try RecordJSON.encoder().encode(request)
        } catch {
            return "case \(suiteCase.id): not simulated: cannot encode the request (\(error))"
        }
        progress.simulationStarted(id: suiteCase.id)
        let started = Date()
        let invocation = CallgrindInvocation(
            valgrind: valgrind, program: binary.url, arguments: ["simulate-case"],
            geometry: geometry, input: input, timeout: timeout)
        switch invocation.run(shouldStop: { stop.isRequested }) {
        case .failure(let f):
            if succeeded == 0 && !f.message.hasPrefix("the simulation was stopped") {
                globalFailure = f.description
            }
            return "case \(suiteCase.id): not simulated: \(f.description)"
        case .success(let outcome):
            succeeded += 1
            let seconds = Date().timeIntervalSince(started)
            let profileFile = keep(outcome.text, for: suiteCase.id)
            Self.merge(
                outcome.profile, events: setup.events, geometry: geometry, seconds: seconds,
                profileFile: profileFile, into: &record, sramMode: setup.cache.isSRAM)
            return nil
        }
    }

    /// Once simulation proved not to work at all, marks the simulated events unavailable in
    /// the run's counter block with the reason (idempotent).
    public func recordAvailability(in record: inout RunRecord) {
        guard let reason = globalFailure else { return }
        let events = Set(setup.events)
        record.counters.collected.removeAll { events.contains($0) }
        for event in setup.events where !record.counters.unavailable.contains(where: { $0.event == event }) {
            record.counters.unavailable.append(
                UnavailableCounterEvent(event: event, reason: "simulation failed: \(reason)"))
        }
        record.simulation?.unavailableReason = reason
    }

    /// Writes the callgrind file into the run directory; returns its path relative to it.
    private func keep(_ text: String, for id: String) -> String? {
        guard let dir = profileDirectory else { return nil }
        let name = "callgrind.out." + id
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try AtomicFile.write(text, to: dir.appendingPathComponent(name))
        } catch {
            return nil
        }
        return Self.profileSubdirectory + "/" + name
    }

    /// Adds a simulation's counts to a case record (also used by tests on parsed profiles).
    public static func merge(
        _ profile: CallgrindProfile, events: [String], geometry: CacheGeometry, seconds: Double?,
        profileFile: String?, into record: inout CaseRecord, sramMode: Bool
    ) {
        for name in events {
            guard let event = SimulatedEvent.named(name), let value = event.value(in: profile.totals),
                let summary = Summary(samples: [Double(value)])
            else { continue }
            record.statistics[name] = summary
        }
        let simulated = profile.geometry ?? geometry
        var sim = CaseSimulation(
            geometry: simulated, totals: profile.totals, profile: profileFile,
            functions: readableFunctions(profile.functions), seconds: seconds)
        if sramMode, let dlmr = profile.totals["DLmr"], let dlmw = profile.totals["DLmw"] {
            let bytes = Int(dlmr + dlmw) * simulated.ll.lineBytes
            sim.hbmBytes = bytes
            if let t = record.traffic, t.hbmReadBytes + t.hbmWriteBytes > 0 {
                sim.hbmRatio = Double(bytes) / Double(t.hbmReadBytes + t.hbmWriteBytes)
            }
        }
        record.simulation = sim
        CounterDerivation.apply(
            to: &record.derived, statistics: record.statistics, simulation: sim,
            flops: record.traffic?.flops)
    }

    /// The most expensive functions under readable names; functions that read the same
    /// (specializations of one generic function) are summed.
    static func readableFunctions(_ functions: [CallgrindProfile.Function]) -> [SimulatedFunction] {
        var order: [String] = []
        var byKey: [String: SimulatedFunction] = [:]
        for f in functions {
            let name = SymbolNames.readable(f.name)
            let key = f.object + "\u{1F}" + name
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: SimulatedFunction(name: name, object: f.object, ir: 0)].ir += f.ir
        }
        let all = order.compactMap { byKey[$0] }.sorted { $0.ir != $1.ir ? $0.ir > $1.ir : $0.name < $1.name }
        return Array(all.prefix(SimulatedFunction.kept))
    }
}

import Counters
import Foundation

/// Everything a run needs to count simulated events, decided once before the first case:
/// which `sim::` events were asked for, the Valgrind and simulation build that will count
/// them, and the cache setting — or the one reason none of it can work here, in which case
/// every simulated event is unavailable with that reason (empty columns, never zero) and the
/// run goes on without them.
public struct SimulationSetup: Sendable {
    /// Every counter requested (PAPI and simulated), duplicates removed, in request order.
    public let requested: [String]
    /// The simulated events requested, in request order.
    public let events: [String]
    /// The cache setting (suite's `measure.sim_cache` or `run --sim-cache`).
    public let cache: SimCacheSpec
    /// Whether callgrind output files are kept in the run directory.
    public let keepProfiles: Bool
    public let valgrind: ValgrindInstallation?
    public let binary: SimulationBinary?
    /// Why nothing can be simulated here; nil when simulation can run.
    public let failure: CounterFailure?
    /// This machine's caches (read once), or why they are unknown.
    let hostGeometry: Result<CacheGeometry, CounterFailure>

    /// Sorts out the simulated events among `counters` and checks what they need.
    public init(
        counters: [String], cache: SimCacheSpec, keepProfiles: Bool = true,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        var seen = Set<String>()
        requested = counters.filter { seen.insert($0).inserted }
        events = requested.filter(SimulatedEvent.isSimulated)
        self.cache = cache
        self.keepProfiles = keepProfiles
        hostGeometry = cache.dependsOnHost ? CacheGeometry.host() : .failure(CounterFailure(message: "not needed"))
        var valgrind: ValgrindInstallation?, binary: SimulationBinary?, failure: CounterFailure?
        if !events.isEmpty {
            switch ValgrindInstallation.locate(environment: environment) {
            case .failure(let f): failure = f
            case .success(let v): valgrind = v
            }
            if failure == nil, let problem = ValgrindInstallation.cpuProblem() {
                failure = CounterFailure(message: problem)
            }
            if failure == nil {
                switch SimulationBinary.locate(environment: environment) {
                case .failure(let f): failure = f
                case .success(let b): binary = b
                }
            }
            if failure == nil, cache.dependsOnHost, case .failure(let f) = hostGeometry { failure = f }
        }
        self.valgrind = valgrind
        self.binary = binary
        self.failure = failure
    }

    /// Whether any simulated event was requested.
    public var isRequested: Bool { !events.isEmpty }

    /// Whether cases will be simulated.
    public var canSimulate: Bool { isRequested && failure == nil }

    /// The requested counters that are not simulated (for PAPI).
    public static func hardwareEvents(_ counters: [String]) -> [String] {
        counters.filter { !SimulatedEvent.isSimulated($0) }
    }

    /// The geometry for a case with `sramBytes` (its own SRAM), or why it cannot be simulated.
    public func geometry(sramBytes: Int?) -> Result<CacheGeometry, CounterFailure> {
        cache.geometry(sramBytes: sramBytes) { hostGeometry }
    }

    /// Valgrind's options as the record lists them (no file names, no program).
    public var recordedOptions: [String] {
        ["--tool=callgrind", "--collect-atstart=no", "--instr-atstart=no", "--cache-sim=yes", "--branch-sim=yes"]
    }

    /// The run record's `simulation` object.
    public var source: SimulationSource {
        var geometry: CacheGeometry?
        if !cache.isSRAM, case .success(let g) = self.geometry(sramBytes: nil) { geometry = g }
        return SimulationSource(
            valgrindVersion: valgrind?.version, binary: binary?.recordedPath, binaryDigest: binary?.digest,
            build: binary == nil ? nil : SimulationBinary.buildDescription, cacheSetting: cache.text,
            geometry: geometry, options: recordedOptions + (geometry?.valgrindArguments ?? []),
            threads: 1, profilesKept: keepProfiles, unavailableReason: failure?.description)
    }

    /// The run record's counter block: PAPI's view of the hardware events from `session`,
    /// with the simulated events added as collected, or unavailable with the reason.
    public func availability(session: CounterSession) -> CounterAvailability {
        var collected = session.collected
        var unavailable = session.unavailable
        if let failure {
            unavailable += events.map {
                UnavailableCounterEvent(event: $0, reason: "simulation unavailable: \(failure.description)")
            }
        } else {
            collected += events
        }
        let order = Dictionary(requested.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        collected.sort { (order[$0] ?? 0) < (order[$1] ?? 0) }
        unavailable.sort { (order[$0.event] ?? 0) < (order[$1.event] ?? 0) }
        return CounterAvailability(
            requested: requested, collected: collected, unavailable: unavailable,
            hardwareCounters: session.hardwareCountersAvailable, note: session.note)
    }
}

import Harness

/// One machine's share of one or more runs: its host name, its environment (CPU, caches,
/// build, measured peaks) and the cases it measured. Fleet reports put these side by side;
/// a merged run of several hosts splits into one per host.
public struct MachineRun: Equatable, Sendable {
    public var host: String
    public var environment: EnvironmentInfo
    /// The cases this host measured, in the order the runs list them.
    public var cases: [CaseRecord]
    /// The runs (paths as given) these cases came from.
    public var sources: [String]
    /// The suite of the first run it appears in.
    public var suite: SuiteInfo

    public init(host: String, environment: EnvironmentInfo, cases: [CaseRecord], sources: [String], suite: SuiteInfo) {
        self.host = host
        self.environment = environment
        self.cases = cases
        self.sources = sources
        self.suite = suite
    }

    /// Splits runs by the host that measured each case: a case's `host`, else its run's
    /// `environment.host`. A merged run's `shards` give each host's environment. Hosts come
    /// in the order they first appear. A case measured twice by one host is an error: say
    /// which run to use.
    public static func split(_ runs: [(source: String, record: RunRecord)]) throws(FleetError) -> [MachineRun] {
        var machines: [MachineRun] = []
        var index: [String: Int] = [:]
        var origin: [String: String] = [:]  // host + id → source
        for (source, run) in runs {
            for c in run.cases {
                let host = c.host ?? run.environment.host
                let key = host + "\u{1F}" + c.id
                if let earlier = origin[key] {
                    throw FleetError.duplicateCase(host: host, id: c.id, first: earlier, second: source)
                }
                origin[key] = source
                if let i = index[host] {
                    machines[i].cases.append(c)
                    if !machines[i].sources.contains(source) { machines[i].sources.append(source) }
                } else {
                    index[host] = machines.count
                    machines.append(
                        MachineRun(
                            host: host, environment: environment(of: host, in: run), cases: [c],
                            sources: [source], suite: run.suite))
                }
            }
            // A run without cases still names its machine.
            if run.cases.isEmpty, index[run.environment.host] == nil {
                index[run.environment.host] = machines.count
                machines.append(
                    MachineRun(
                        host: run.environment.host, environment: run.environment, cases: [],
                        sources: [source], suite: run.suite))
            }
        }
        return machines
    }

    /// The environment `host` ran in: its shard's in a merged run, else the run's own.
    static func environment(of host: String, in run: RunRecord) -> EnvironmentInfo {
        run.shards?.first { $0.environment.host == host }?.environment ?? run.environment
    }
}

/// Why a fleet report could not be made. Messages name the runs (paths as given).
public enum FleetError: Error, Equatable, CustomStringConvertible {
    case noRuns
    case duplicateCase(host: String, id: String, first: String, second: String)
    case unknownReference(String, hosts: [String])

    public var description: String {
        switch self {
        case .noRuns:
            return "no runs to report"
        case let .duplicateCase(host, id, first, second):
            return "\(second): case \(id) on host \(host) is also in \(first); give one run per machine "
                + "(or merge the runs of one machine first)"
        case let .unknownReference(name, hosts):
            return "reference machine '\(name)' is not among the runs' hosts: \(hosts.joined(separator: ", "))"
        }
    }
}

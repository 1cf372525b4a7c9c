import Harness

/// fleet.json: the fleet report as data (machines with their environments, every case's
/// per-machine cells, warnings) in attnbench's JSON conventions, plus `files`: every file
/// fleet reports have written into this directory, which is how a later report knows which
/// existing files it may replace.
public struct FleetDocument: Codable, Equatable, Sendable {
    public struct Machine: Codable, Equatable, Sendable {
        public var host: String
        public var environment: EnvironmentInfo
        /// Runs (paths as given) the machine's cases came from.
        public var sources: [String]
        public var cases: Int
        public var missing: Int
        /// Geometric mean of the speed relative to the reference over the shared cases.
        public var typicalSpeedVsReference: Double?
    }

    public struct Cell: Codable, Equatable, Sendable {
        public var host: String
        /// `ok`, `failed` or `missing`.
        public var status: String
        public var medianNs: Double?
        public var gflops: Double?
        public var percentOfPeak: Double?
        public var speedVsReference: Double?
    }

    public struct Case: Codable, Equatable, Sendable {
        public var id: String
        public var parameters: CaseParameters
        public var cells: [Cell]
    }

    public var tool: ToolInfo
    public var reference: String
    public var machines: [Machine]
    public var cases: [Case]
    public var warnings: [String]
    /// File names (in this directory) written by fleet reports, this one included.
    public var files: [String]

    public init(_ fleet: FleetReport, files: [String]) {
        tool = ToolInfo(version: HarnessVersion.current)
        reference = fleet.reference.host
        machines = fleet.machines.enumerated().map { i, m in
            Machine(
                host: m.host, environment: m.environment, sources: m.sources, cases: m.cases.count,
                missing: fleet.missingCount(of: i), typicalSpeedVsReference: fleet.typicalSpeed(of: i)?.factor)
        }
        cases = fleet.rows.map { row in
            Case(
                id: row.id, parameters: row.example.parameters,
                cells: zip(fleet.machines, row.cells).map { m, cell in
                    Cell(
                        host: m.host, status: cell?.record.status.rawValue ?? "missing", medianNs: cell?.medianNs,
                        gflops: cell?.gflops, percentOfPeak: cell?.percentOfPeak,
                        speedVsReference: cell?.speedVersusReference)
                })
        }
        warnings = fleet.warnings
        self.files = files
    }
}

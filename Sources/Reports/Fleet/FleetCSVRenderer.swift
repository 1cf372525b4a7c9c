import Harness

/// fleet.csv: one row per case (the union over machines), the case's parameters, then a
/// group of columns per machine named `METRIC[HOST]`: `status` (`ok`, `failed`,
/// `missing`), `median_ns`, `gflops`, `percent_of_peak`, `speed_vs_reference`. Missing
/// values are empty fields, as in results.csv.
public struct FleetCSVRenderer: Sendable {
    public static let fileName = "fleet.csv"
    /// Per-machine metrics, in column order.
    public static let machineMetrics = ["status", "median_ns", "gflops", "percent_of_peak", "speed_vs_reference"]
    /// Parameter columns kept from results.csv (enough to pivot on).
    static let parameterNames: Set<String> = [
        "id", "batch", "heads", "kv_heads", "seq_len", "kv_len", "head_dim", "causal",
        "algorithm", "layout", "precision", "scaling", "incoherent", "effective_tile",
        "threads", "seed", "flops", "hbm_read_bytes", "hbm_write_bytes"
    ]

    public init() {}

    public func render(_ fleet: FleetReport) -> String {
        let parameters = CSVColumns.fixed.filter { Self.parameterNames.contains($0.name) }
        var header = parameters.map(\.name)
        for m in fleet.machines { header += Self.machineMetrics.map { "\($0)[\(m.host)]" } }
        let rows = fleet.rows.map { row -> [String] in
            var fields = parameters.map { $0.value(row.example) }
            for cell in row.cells {
                guard let cell else {
                    fields += ["missing", "", "", "", ""]
                    continue
                }
                fields += [
                    cell.record.status.rawValue, CSVColumns.format(cell.medianNs), CSVColumns.format(cell.gflops),
                    CSVColumns.format(cell.percentOfPeak), CSVColumns.format(cell.speedVersusReference)
                ]
            }
            return fields
        }
        return CSVWriter.table(header: header, rows: rows)
    }
}

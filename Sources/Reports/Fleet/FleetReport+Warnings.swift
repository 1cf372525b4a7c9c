import Harness

extension FleetReport {
    /// What makes the machines' numbers less comparable than they look.
    static func warnings(machines: [MachineRun], runs: [RunRecord], rows: [Row]) -> [String] {
        var out: [String] = []
        let suites = Set(runs.map { "\($0.suite.name) (sha256 \($0.suite.sha256.prefix(12)))" })
        if suites.count > 1 {
            out.append(
                "The runs come from different suites or suite files: \(suites.sorted().joined(separator: ", ")). "
                    + "Cases are matched by id.")
        }
        let commits = Set(machines.compactMap(\.environment.gitCommit))
        if commits.count > 1 {
            let short = commits.sorted().map { String($0.prefix(12)) }.joined(separator: ", ")
            out.append(
                "The machines ran different commits of attnbench (\(short)): "
                    + "differences can come from the code, not the machine.")
        }
        let debug = machines.filter { $0.environment.buildConfiguration != "release" }.map(\.host)
        if !debug.isEmpty {
            out.append(
                "Not a release build on \(debug.joined(separator: ", ")): its timings say little about the machine.")
        }
        let noPeak = machines.filter { $0.environment.hostProfile == nil }.map(\.host)
        if !noPeak.isEmpty {
            out.append(
                "No measured peak recorded for \(noPeak.joined(separator: ", ")) (runs from before attnbench recorded "
                    + "one): its % of peak and roofline roofs are left out.")
        }
        let partial = runs.filter(\.partial).count
        if partial > 0 { out.append("\(partial) of the runs are partial: some machines stopped early.") }
        let mixed = runs.filter { !($0.mixed ?? []).isEmpty }.count
        if mixed > 0 { out.append("\(mixed) of the runs were merged from differing shards (`merge --allow-mixed`).") }
        let differing = rows.filter { row in
            let models = Set(
                row.cells.compactMap { cell in
                    cell?.record.traffic.map {
                        "\($0.hbmReadBytes.addingReportingOverflow($0.hbmWriteBytes).partialValue)/\($0.flops)"
                    }
                })
            return models.count > 1
        }.map(\.id)
        if !differing.isEmpty {
            out.append(
                "Modeled bytes or FLOPs differ between machines for \(differing.count) case(s), e.g. "
                    + "`\(differing[0])` (tiles picked from each machine's L2 with `profile: host`, or different code)."
            )
        }
        return out
    }
}

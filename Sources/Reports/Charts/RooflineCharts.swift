import AttentionKernels
import Harness

/// Roofline charts of a run: one per machine (a merged run of several hosts gets one per
/// host), each case a point at its arithmetic intensity and achieved GFLOP/s, under the
/// machine's measured one-core FMA peak and triad bandwidth; comparison profiles
/// (`HardwareProfile.builtIn`: A100, H100, H200) are dashed roofs when asked for.
public enum RooflineCharts {
    /// `roofline.svg` for a single-host run.
    public static let singleName = "roofline.svg"

    /// `roofline-HOST.svg`, with the host reduced to letters, digits, `.`, `_` and `-` (a
    /// recorded host name is data and must not choose where a file goes).
    public static func name(forHost host: String) -> String {
        "roofline-\(safeFileComponent(host)).svg"
    }

    /// Host names made safe as one path component: other characters become `_`, a leading
    /// dot becomes `_`, empty becomes `host`.
    public static func safeFileComponent(_ text: String) -> String {
        var out = String(
            text.unicodeScalars.prefix(64).map { c -> Character in
                let ok =
                    c.isASCII
                    && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "." || c == "_" || c == "-")
                return ok ? Character(c) : "_"
            })
        if out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out.isEmpty ? "host" : out
    }

    /// The run's rooflines: one for a single host, one per host otherwise (nil-free: a host
    /// without a plottable case still gets its roofs drawn when they are known).
    public static func charts(for run: RunRecord, profiles: [HardwareProfile] = []) -> [ChartFile] {
        guard let machines = try? MachineRun.split([(source: run.suite.file, record: run)]), !machines.isEmpty else {
            return []
        }
        if machines.count == 1, let only = machines.first {
            return chart(only, profiles: profiles, name: singleName).map { [$0] } ?? []
        }
        return uniqueNames(machines).compactMap { chart($0.machine, profiles: profiles, name: $0.name) }
    }

    /// File names for several machines, made unique when two hosts reduce to the same one.
    static func uniqueNames(_ machines: [MachineRun]) -> [(machine: MachineRun, name: String)] {
        var used = Set<String>()
        return machines.map { m in
            var name = name(forHost: m.host)
            var n = 2
            while !used.insert(name).inserted {
                name = "roofline-\(safeFileComponent(m.host))-\(n).svg"
                n += 1
            }
            return (m, name)
        }
    }

    /// The roofline of one machine, or nil when there is nothing to draw: no plottable case
    /// and no measured roof.
    public static func chart(_ machine: MachineRun, profiles: [HardwareProfile], name: String) -> ChartFile? {
        let plotted = machine.cases.filter { c in
            guard c.status == .ok, let ai = c.derived.arithmeticIntensity, let g = c.derived.gflops else {
                return false
            }
            return ai > 0 && ai.isFinite && g > 0 && g.isFinite
        }
        let measured = machine.environment.hostProfile
        guard !plotted.isEmpty || measured != nil else { return nil }
        let variants = variantDimensions(plotted)
        var series: [String] = []
        var points: [RooflineChart.Point] = []
        let labelDims = CaseDimension.varying(in: plotted).filter { $0 != .seed }
        for c in plotted {
            let variant = variants.map { $0.value(c) }.joined(separator: " ")
            if !series.contains(variant) { series.append(variant) }
            points.append(
                RooflineChart.Point(
                    intensity: c.derived.arithmeticIntensity ?? 0, gflops: c.derived.gflops ?? 0,
                    series: series.firstIndex(of: variant) ?? 0,
                    label: CaseDimension.label(c, labelDims), caseID: c.id))
        }
        var roofs: [RooflineChart.Roof] = []
        if let measured {
            roofs.append(
                RooflineChart.Roof(
                    name: "\(machine.host), 1 core", peak: measured.peakFlops / 1e9,
                    bandwidth: measured.bandwidthBytesPerSecond / 1e9, dashed: false))
        }
        for p in profiles {
            roofs.append(
                RooflineChart.Roof(
                    name: p.name.uppercased() + " FP32", peak: p.peakFP32 / 1e9,
                    bandwidth: p.bandwidth / 1e9, dashed: true))
        }
        let subtitle =
            measured.map {
                "\(machine.environment.cpuModel): measured one-core FMA peak and triad bandwidth (\($0.measuredAt))"
                    + (plotted.contains { $0.parameters.threads > 1 }
                        ? "; cases with threads > 1 can pass the one-core roof" : "")
            } ?? "\(machine.environment.cpuModel): no measured peak in this record (recorded by newer attnbench runs)"
        let title = "Roofline — \(machine.suite.name) on \(machine.host)"
        let chart = RooflineChart(title: title, series: series, points: points, roofs: roofs, subtitle: subtitle)
        return ChartFile(name: name, title: title, svg: chart.svg(), seriesNames: series + roofs.map(\.name))
    }

    /// What a point's variant names: the algorithm, plus precision and layout when they vary.
    static func variantDimensions(_ cases: [CaseRecord]) -> [CaseDimension] {
        let varying = CaseDimension.varying(in: cases)
        return [CaseDimension.algorithm] + [CaseDimension.precision, .layout].filter(varying.contains)
    }
}

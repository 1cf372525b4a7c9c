import Harness

extension MarkdownRenderer {
    /// Columns of a machine's fingerprint, as `fingerprintCells` fills them.
    static let fingerprintHeader = [
        "host", "CPU", "cores", "caches", "FMA peak (1 core)", "triad (1 core)", "build",
        "commit"
    ]

    /// What identifies a machine and bounds its speed: CPU, cores, caches, measured peak and
    /// bandwidth, build and commit.
    static func fingerprintCells(_ env: EnvironmentInfo) -> [String] {
        let caches = env.caches.filter { $0.key != "L1i" }.sorted { $0.key < $1.key }
            .map { "\($0.key) \(HumanFormat.binaryBytes($0.value))" }.joined(separator: ", ")
        let peak = env.hostProfile.map { HumanFormat.number($0.peakFlops / 1e9) + " GFLOP/s" } ?? "not measured"
        let bandwidth =
            env.hostProfile.map { HumanFormat.number($0.bandwidthBytesPerSecond / 1e9) + " GB/s" } ?? "not measured"
        let target = env.targetCPU.hasPrefix("native") ? "native" : env.targetCPU
        return [
            env.host, env.cpuModel, String(env.logicalCores), caches.isEmpty ? "unknown" : caches, peak, bandwidth,
            "\(env.buildConfiguration), \(target)",
            env.gitCommit.map { MarkdownText.code(String($0.prefix(12))) } ?? "unknown"
        ]
    }

    /// The banner of a run merged from shards that differ (`merge --allow-mixed`).
    static func mixedBanner(_ run: RunRecord) -> String? {
        guard let mixed = run.mixed, !mixed.isEmpty else { return nil }
        let hosts = Set(run.cases.map { $0.host ?? run.environment.host }).count
        return "\n> **Mixed run**: merged from shards that differ in \(mixed.joined(separator: ", ")) "
            + "(\(hosts) host\(hosts == 1 ? "" : "s")). Each case keeps the timing of the host that measured it "
            + "(column `host`): compare timings only among cases of one host. Deterministic metrics (modeled bytes, "
            + "FLOPs, accuracy) compare across all of them.\n"
    }

    /// A scheduler job in a few words: its name and its three most identifying variables
    /// (job, array job and task for Slurm; index, Job and pod for Kubernetes; run, attempt
    /// and job for GitHub Actions).
    static func jobLabel(_ s: SchedulerInfo) -> String {
        let order = SchedulerKind(rawValue: s.name)?.jobVariables ?? s.variables.keys.sorted()
        let shown = order.filter { s.variables[$0] != nil }.prefix(3).map { "\($0)=\(s.variables[$0] ?? "")" }
        return ([s.name] + shown).joined(separator: " ")
    }

    /// A merged run's shards: where each ran and which scheduler job it was.
    static func shardsSection(_ run: RunRecord) -> String? {
        guard let shards = run.shards, !shards.isEmpty else { return nil }
        var table = MarkdownTable(
            header: ["shard", "source", "cases"] + fingerprintHeader + ["scheduler job"],
            rightAligned: [2, 5])
        for s in shards {
            let job = s.scheduler.map(Self.jobLabel) ?? "–"
            table.add(
                [s.shard ?? "–", MarkdownText.code(s.source), String(s.cases) + (s.partial ? " (partial)" : "")]
                    + fingerprintCells(s.environment) + [job])
        }
        return "## Shards\n\nThis run was merged from \(shards.count) shard\(shards.count == 1 ? "" : "s"):\n\n"
            + table.render()
    }
}

import AttentionKernels
import Foundation
import Harness

/// Builds synthetic run records for the tests of Harness (records) and Reports
/// (renderers, comparison): plausible parameters, samples drawn with seeded Gaussian
/// noise, statistics computed from them, modeled traffic and accuracy. A library target
/// of its own so that both test targets share one fixture.
public enum Fixture {
    public struct Spec {
        public var algorithm: String
        public var seqLen: Int
        public var headDim: Int
        public var heads: Int
        public var kvHeads: Int
        public var causal: Bool
        public var precision: String
        public var scaling: String
        public var incoherent: Bool
        public var tile: String?

        public init(
            algorithm: String = "flash", seqLen: Int = 1024, headDim: Int = 64, heads: Int = 8, kvHeads: Int = 8,
            causal: Bool = false, precision: String = "fp32", scaling: String = "tensor",
            incoherent: Bool = false, tile: String? = "64x64"
        ) {
            self.algorithm = algorithm
            self.seqLen = seqLen
            self.headDim = headDim
            self.heads = heads
            self.kvHeads = kvHeads
            self.causal = causal
            self.precision = precision
            self.scaling = scaling
            self.incoherent = incoherent
            self.tile = tile
        }

        public var layout: String { kvHeads == heads ? "mha" : (kvHeads == 1 ? "mqa" : "gqa") }

        public var id: String {
            "\(algorithm)-L\(seqLen)-d\(headDim)-h\(heads)kv\(kvHeads)-\(causal ? "causal" : "full")-\(precision)"
                + (precision == "fp32" ? "" : "-\(scaling)\(incoherent ? "-inc" : "")")
        }

        /// A made-up but monotone cost model so charts and pivots have shape.
        public var nominalNs: Double {
            let factors: [String: Double] = ["three-pass": 3.0, "online": 2.4, "flash": 1.0, "flash-v1": 1.4]
            let algorithmFactor: Double = factors[algorithm] ?? 1
            let n = Double(seqLen)
            let work: Double = n * n * Double(headDim) * Double(heads) / 1e3
            let causalFactor: Double = causal ? 0.55 : 1
            let layoutFactor: Double = Double(kvHeads) / Double(heads) * 0.3 + 0.7
            return work * algorithmFactor * causalFactor * layoutFactor
        }
    }

    /// `count` samples around `median` with relative Gaussian noise `noise`.
    public static func samples(median: Double, noise: Double, count: Int, rng: inout SplitMix64) -> [Double] {
        (0..<count).map { _ in median * (1 + noise * normal(&rng)) }
    }

    public static func normal(_ rng: inout SplitMix64) -> Double {
        // 53-bit uniforms; u1 in (0, 1] so log(u1) is finite.
        let u1 = (Double(rng.next() >> 11) + 1) / 9_007_199_254_740_992
        let u2 = Double(rng.next() >> 11) / 9_007_199_254_740_992
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    public static func parameters(_ s: Spec) -> CaseParameters {
        CaseParameters(
            batch: 1, heads: s.heads, kvHeads: s.kvHeads, seqLen: s.seqLen, kvLen: s.seqLen,
            headDim: s.headDim, causal: s.causal, algorithm: s.algorithm, precision: s.precision,
            scaling: s.scaling, incoherent: s.incoherent, tile: s.tile, effectiveTile: s.tile ?? "64x64",
            sramBytes: 96 * 1024, profile: nil, gqaPacking: true, threads: 1, seed: 42,
            distribution: InputDistribution())
    }

    /// One case with samples (wall ns), summaries for wall/cpu and counters, traffic and accuracy.
    public static func caseRecord(_ s: Spec, wallNs: [Double], counters: [String: Int64] = [:], hbmExtra: Int = 0)
        -> CaseRecord
    {
        let samples = wallNs.map {
            Sample(wallNs: Int64($0.rounded()), cpuNs: Int64(($0 * 0.98).rounded()), counters: counters)
        }
        var statistics: [String: Summary] = [:]
        statistics["wall_ns"] = Summary(
            samples: samples.map { Double($0.wallNs) }, bootstrap: Bootstrap(resamples: 200))
        statistics["cpu_ns"] = Summary(samples: samples.map { Double($0.cpuNs) }, bootstrap: Bootstrap(resamples: 200))
        for (name, value) in counters {
            statistics[name] = Summary(
                samples: Array(repeating: Double(value), count: samples.count), bootstrap: Bootstrap(resamples: 50))
        }
        let e = s.precision == "fp32" ? 4 : 1
        let n = s.seqLen, d = s.headDim
        let qkv = n * d * e * s.heads
        let materialized = ["three-pass", "online"].contains(s.algorithm) ? 5 * n * n * 4 * s.heads : 0
        let reads = qkv + 2 * n * d * e * s.kvHeads * max(1, n / 64) + materialized + hbmExtra
        let writes = n * d * 4 * s.heads + materialized / 3
        let flops = 4 * n * n * d * s.heads / (s.causal ? 2 : 1)
        let traffic = TrafficSummary(
            hbmReadBytes: reads, hbmWriteBytes: writes, sramPeakBytes: 64 * 1024, flops: flops,
            executedFlops: flops + flops / 16, kvCacheBytes: 2 * n * d * e * s.kvHeads,
            readsByOperand: ["Q": qkv, "K": reads / 3, "V": reads / 3, "m,l": 128],
            writesByOperand: ["O": writes])
        let errorScale: Double = s.precision == "fp32" ? 1e-7 : (s.precision == "fp8-e4m3" ? 2e-2 : 6e-2)
        let scalingFactors: [String: Double] = ["tensor": 1.0, "head": 0.8, "block": 0.5]
        let scalingFactor: Double = scalingFactors[s.scaling] ?? 1
        let incoherentFactor: Double = s.incoherent ? 0.6 : 1
        let rmse = errorScale * scalingFactor * incoherentFactor
        let accuracy = Accuracy(maxAbsError: rmse * 8, rmse: rmse, relativeFrobenius: rmse * 3)
        let median = statistics["wall_ns"]?.median ?? 1
        let derived = DerivedMetrics(
            gflops: Double(flops) / median, modeledGBs: Double(reads + writes) / median,
            arithmeticIntensity: Double(flops) / Double(reads + writes))
        return CaseRecord(
            id: s.id, parameters: parameters(s), layout: s.layout, samples: samples, statistics: statistics,
            traffic: traffic, accuracy: accuracy, derived: derived,
            resources: ResourceUsage(
                peakRSSBytes: 50_000_000, pageFaults: 12, voluntaryContextSwitches: 3,
                involuntaryContextSwitches: 1))
    }

    public static func run(
        _ cases: [CaseRecord], suite: String = "fixture", checks: [String: CheckSpec] = [:],
        host: String = "bench-host", counters: CounterAvailability = CounterAvailability(),
        partial: Bool = false
    ) -> RunRecord {
        RunRecord(
            tool: ToolInfo(version: HarnessVersion.current),
            suite: SuiteInfo(
                name: suite, description: "Synthetic suite for tests", file: "Suites/\(suite).yaml",
                sha256: String(repeating: "ab", count: 32), checks: checks),
            startedAt: "2025-01-02T03:04:05Z", finishedAt: partial ? nil : "2025-01-02T03:14:05Z", partial: partial,
            options: RunOptions(),
            environment: EnvironmentInfo(
                host: host, cpuModel: "AMD EPYC 9R14", logicalCores: 2,
                caches: ["L1d": 32768, "L2": 1_048_576, "L3": 33_554_432],
                governor: nil, kernel: "Linux 6.1", swiftVersion: "6.3.1",
                papiVersion: "7.0.1", gitCommit: "0123456789abcdef",
                buildConfiguration: "release", targetCPU: "native"),
            counters: counters, harnessOverheadNs: 45, cases: cases, notes: ["synthetic"])
    }

    /// The standard check block of the shipped suites.
    public static let checks: [String: CheckSpec] = [
        "time": CheckSpec(maxRegression: 0.10),
        "hbm_bytes": CheckSpec(exact: true),
        "flops": CheckSpec(exact: true),
        "rmse": CheckSpec(max: 1e-1)
    ]

    /// Specs of a 50-case matrix: 4 algorithms × 4 lengths × 2 head dims (32) + GQA/MQA
    /// (8) + FP8 formats × scalings (10).
    public static func matrix() -> [Spec] {
        var specs: [Spec] = []
        for a in ["three-pass", "online", "flash", "flash-v1"] {
            for n in [256, 512, 1024, 2048] {
                for d in [64, 128] { specs.append(Spec(algorithm: a, seqLen: n, headDim: d)) }
            }
        }
        for kv in [2, 1] {
            for n in [256, 512, 1024, 2048] { specs.append(Spec(seqLen: n, kvHeads: kv)) }
        }
        for p in ["fp8-e4m3", "fp8-e5m2"] {
            for (scaling, inc) in [
                ("tensor", false), ("head", false), ("block", false), ("block", true), ("tensor", true)
            ] {
                specs.append(Spec(precision: p, scaling: scaling, incoherent: inc))
            }
        }
        return specs
    }

    /// A run of `specs` with `count` samples per case and relative noise; `slowdown`
    /// multiplies the true time of the listed case ids.
    public static func syntheticRun(
        _ specs: [Spec], seed: UInt64, count: Int = 20, noise: Double = 0.03,
        slowdown: [String: Double] = [:], host: String = "bench-host",
        checks: [String: CheckSpec] = Fixture.checks
    ) -> RunRecord {
        var rng = SplitMix64(seed: seed)
        let cases = specs.map { s in
            caseRecord(
                s, wallNs: samples(median: s.nominalNs * (slowdown[s.id] ?? 1), noise: noise, count: count, rng: &rng))
        }
        return run(cases, checks: checks, host: host)
    }

    /// A run of `invocations` processes of `specs`: in each, every case's true time is
    /// shifted by a between-process effect (relative Gaussian noise `between`), then
    /// `count` samples get within-process noise `within`. Combined as `run --invocations`
    /// combines its children, so samples carry their invocation and statistics are
    /// hierarchical.
    public static func multiInvocationRun(
        _ specs: [Spec], seed: UInt64, invocations: Int, count: Int = 8,
        between: Double = 0.03, within: Double = 0.02,
        slowdown: [String: Double] = [:], host: String = "bench-host",
        checks: [String: CheckSpec] = Fixture.checks
    ) -> RunRecord {
        var rng = SplitMix64(seed: seed)
        let children = (0..<invocations).map { k -> FinishedInvocation in
            let cases = specs.map { s in
                let center = s.nominalNs * (slowdown[s.id] ?? 1) * (1 + between * normal(&rng))
                return caseRecord(s, wallNs: samples(median: center, noise: within, count: count, rng: &rng))
            }
            let info = InvocationRecord(
                index: k, caseOrderSeed: UInt64(k), startedAt: "2025-01-02T03:04:05Z",
                finishedAt: "2025-01-02T03:05:05Z", complete: true, cases: cases.count)
            return FinishedInvocation(info: info, record: run(cases, checks: checks, host: host))
        }
        let fallback = run([], checks: checks, host: host)
        return RunRecord.combining(
            children, requested: invocations, caseOrder: specs.map(\.id), fallback: fallback,
            startedAt: "2025-01-02T03:04:05Z", finishedAt: "2025-01-02T03:14:05Z",
            interrupted: false, bootstrap: Bootstrap(resamples: 200)) ?? fallback
    }

    /// A record with every optional filled in, counters, failed case and notes.
    public static func fullRecord() -> RunRecord {
        let counters = CounterAvailability(
            requested: ["PAPI_TOT_INS", "perf::TASK-CLOCK"], collected: ["perf::TASK-CLOCK"],
            unavailable: [.init(event: "PAPI_TOT_INS", reason: "Event does not exist (-7)")],
            hardwareCounters: false, note: "no PMU")
        var rng = SplitMix64(seed: 9)
        var specs = [
            Fixture.Spec(algorithm: "three-pass", seqLen: 256), Fixture.Spec(seqLen: 256),
            Fixture.Spec(precision: "fp8-e4m3", scaling: "block", incoherent: true)
        ]
        specs[1].tile = nil
        var cases = specs.map { s in
            Fixture.caseRecord(
                s, wallNs: Fixture.samples(median: 2e5, noise: 0.05, count: 7, rng: &rng),
                counters: ["perf::TASK-CLOCK": 199_000])
        }
        cases[0].derived = DerivedMetrics(
            gflops: 12.5, modeledGBs: 3.25, arithmeticIntensity: 8, ipc: 1.5,
            l1MissRate: 0.02, l2MissRate: 0.3)
        cases[0].parameters.profile = "H100"
        cases[1].status = .failed
        cases[2].statistics["wall_ns"]?.cv = .nan
        // Case 0 as two invocations took it (samples name their invocation, hierarchical summary).
        for i in cases[0].samples.indices { cases[0].samples[i].invocation = i % 2 }
        cases[0].statistics["wall_ns"] = Summary(
            invocations: cases[0].wallNsByInvocation.map(\.values),
            bootstrap: Bootstrap(resamples: 200))
        var run = Fixture.run(cases, checks: Fixture.checks, counters: counters, partial: true)
        run.options = RunOptions(
            filter: "algorithm=flash", quick: true, seed: 7, interleave: true, shard: "1/2",
            invocations: 2, caseOrderSeed: 12_345_678_901_234_567_890)
        run.invocations = [
            InvocationRecord(
                index: 0, caseOrderSeed: 1, startedAt: "2025-01-02T03:04:05Z",
                finishedAt: "2025-01-02T03:09:05Z", complete: true, cases: 3),
            InvocationRecord(
                index: 1, caseOrderSeed: 18_000_000_000_000_000_000,
                startedAt: "2025-01-02T03:09:06Z", complete: false, cases: 1)
        ]
        run.environment.governor = "performance"
        run.environment.hostProfile = HostPerformance(
            peakFlops: 1.168e11, bandwidthBytesPerSecond: 2.09e10,
            sramBytes: 1 << 20, measuredAt: "2025-01-02T03:00:00Z")
        run.cases[0].host = "bench-host"
        run.scheduler = SchedulerInfo(
            name: "slurm", variables: ["SLURM_ARRAY_JOB_ID": "4242", "SLURM_ARRAY_TASK_ID": "0"],
            shardSource: "SLURM_ARRAY_TASK_ID=0 (min 0, step 1, count 2)")
        run.shards = [
            MergedShard(
                source: "Results/s/a", shard: "1/2", environment: run.environment,
                scheduler: run.scheduler, toolVersion: "0.1", startedAt: run.startedAt,
                finishedAt: nil, partial: true, cases: 3)
        ]
        run.mixed = ["cpu_model"]
        run.notes = ["case flash-L256 failed: tile over SRAM", "quote \" and, comma"]
        return withSimulation(run)
    }
}

extension Fixture {
    /// A run of attnbench's flash and three-pass next to a `torch` provider at two lengths
    /// (torch twice as fast as flash), one torch case skipped and one failed, interleaved
    /// samples with rounds and start times, and the provider's record.
    public static func providerRun() -> RunRecord {
        var rng = SplitMix64(seed: 4)
        var cases: [CaseRecord] = []
        for n in [512, 1024] {
            for (implementation, algorithm, factor) in [
                ("attnbench", "flash", 1.0), ("attnbench", "three-pass", 3.0),
                ("torch", "flash", 0.5)
            ] {
                let spec = Spec(algorithm: algorithm, seqLen: n, tile: nil)
                var c = caseRecord(
                    spec,
                    wallNs: samples(
                        median: spec.nominalNs / (algorithm == "flash" ? 1 : 3) * factor,
                        noise: 0.02, count: 5, rng: &rng))
                c.parameters.implementation = implementation
                c.parameters.sramBytes = nil
                if implementation != "attnbench" {
                    c.id = "\(implementation)-" + c.id
                    c.nominalFlops = c.traffic?.flops
                    c.traffic = nil
                    c.derived = DerivedMetrics(
                        gflops: Double(c.nominalFlops ?? 0) / (c.statistics["wall_ns"]?.median ?? 1))
                }
                for i in c.samples.indices {
                    c.samples[i].round = i
                    c.samples[i].startNs = Int64(i * 1_000_000 + n)
                }
                cases.append(c)
            }
        }
        var skipped = CaseRecord(
            id: "torch-flash-fp8", parameters: parameters(Spec(precision: "fp8-e4m3")), layout: "mha",
            status: .skipped, reason: "torch does not run fp8-e4m3 (it runs fp32)")
        skipped.parameters.implementation = "torch"
        var failed = CaseRecord(
            id: "torch-flash-causal", parameters: parameters(Spec(causal: true)), layout: "mha",
            status: .failed, reason: "torch exited with status 1 while attnbench waited for its hello")
        failed.parameters.implementation = "torch"
        var run = Fixture.run(cases + [skipped, failed])
        run.options.interleave = true
        run.options.providerTimeout = 120
        run.suite.reference = "torch"
        run.providers = [
            ProviderRecord(
                name: "torch", command: ["/usr/bin/python3", "providers/torch_sdpa.py"],
                workingDirectory: "/src/attnbench", reportedName: "torch", version: "2.13.0+cpu",
                description: "PyTorch 2.13.0+cpu scaled_dot_product_attention, CPU (AVX512)",
                capabilities: ProviderCapabilities(precisions: ["fp32"], algorithms: ["flash"]))
        ]
        return run
    }
}

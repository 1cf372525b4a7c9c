import AttentionKernels
import Foundation
import Harness
import Reports
import XCTest

/// The fuzz target of `make test`: seeded random mutations of suites, .npy files, run
/// records and option values, thrown at the library entry points (thousands, in process)
/// and at the real CLI (over a hundred commands). It asserts only what must hold for any
/// input: exit status 0, 1 or 2, no signal, no hang, nothing written outside the scratch
/// directory, no input changed (see `FuzzSandbox`), and in process no trap and only the
/// documented error types. Every input that ever failed is kept in `Fixtures/fuzz-corpus/`
/// and replayed first.
///
/// `ATTNBENCH_FUZZ_SEED=N` runs another seed, `ATTNBENCH_FUZZ_SCALE=K` K times as many cases
/// (a failure message names the seed and case, and the input, to add to the corpus).
final class FuzzTests: XCTestCase {
    static let environment = ProcessInfo.processInfo.environment
    static let seed = environment["ATTNBENCH_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x1513
    static let scale = max(1, environment["ATTNBENCH_FUZZ_SCALE"].flatMap(Int.init) ?? 1)
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-corpus")
    /// In-process checks are held to this memory limit (what the CLI commands get too).
    static let memory = MemoryBudget(limitBytes: 1 << 30, source: "fuzz")

    static let suiteSeeds = [
        CLIFixture.tinySuite(name: "seed-a"),
        """
        suite: seed-b
        defaults: {heads: 4, kv_heads: 2, seq_len: 24, head_dim: 8, tile: 8x8, precision: fp8-e4m3, scaling: block}
        measure: {warmup: 1, min_samples: 2, max_samples: 3, min_time: 0}
        matrix:
          algorithm: [flash, online]
          causal: [false, true]
        exclude: [{algorithm: online, causal: true}]
        include: [{algorithm: flash-v1, seq_len: 9, kv_len: 30, sram: 4KiB}]
        checks: {hbm_bytes: exact, rmse: {max: 1e-3}, time: {max_regression: 10%}}
        """,
        """
        suite: seed-c
        defaults: {batch: 2, heads: 2, seq_len: 1, kv_len: 40, head_dim: 16, threads: 2, seed: 7, incoherent: true,
                   precision: fp8-e5m2, gqa_packing: false,
                   distribution: {mean: 0.5, std: 2, outlier_fraction: 0.01, outlier_std: 10}}
        measure: {warmup: 0, min_samples: 1, max_samples: 2, min_time: 0s, interleave: true, counters: [perf::TASK-CLOCK]}
        matrix: {algorithm: [flash, three-pass], tile: [16x16, auto]}
        """
    ]

    static var npySeeds: [Data] {
        let values = (0..<64).map { Float($0 % 9) / 9 - 0.4 }
        var v2 = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0])
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 8, 4), }\n"
        v2.append(contentsOf: [UInt8(header.utf8.count), 0, 0, 0])
        v2.append(contentsOf: Array(header.utf8))
        values.withUnsafeBytes { v2.append(contentsOf: $0) }
        return [
            NPYFile.encode(shape: [1, 2, 8, 4], values: values), NPYFile.encode(shape: [2, 8, 4], values: values),
            NPYFile.encode(shape: [64], values: values), NPYFile.encode(shape: [0], values: []), v2
        ]
    }

    var sandbox: FuzzSandbox!
    /// A real run (two cases), protected: nothing may change it.
    var protectedRun: URL!
    var recordText = ""

    override func setUpWithError() throws {
        sandbox = try FuzzSandbox()
        let suite = try sandbox.input(Data(Self.suiteSeeds[0].utf8), named: "seed-a.yaml")
        let runs = sandbox.inputs.appendingPathComponent("runs")
        let r = try CLIRunner.run(
            ["run", suite, "--out", runs.path, "--quiet", "--quick", "--filter", "mha"],
            environment: sandbox.environment)
        XCTAssertEqual(r.status, 0, r.stderr)
        protectedRun = try CLIFixture.runDirectory(in: runs, suite: "seed-a")
        recordText = try String(contentsOf: protectedRun.appendingPathComponent("run.json"), encoding: .utf8)
        try sandbox.protect(sandbox.inputs)
    }

    override func tearDownWithError() throws {
        sandbox = nil
    }

    // MARK: in process

    /// How many inputs got past the first check (printed, so a change of seeds or
    /// mutators that stops reaching deep code shows).
    var reached: [String: Int] = [:]

    /// A suite (text) through validation, listing, cost estimates and plans.
    func exercise(suite text: String, label: String) {
        let v = SuiteLoader(memory: Self.memory).validate(yaml: text, file: "fuzz.yaml")
        XCTAssertEqual(v.isValid, v.suite != nil && v.diagnostics.isEmpty, label)
        for d in v.diagnostics { XCTAssertFalse(d.message.isEmpty, label) }
        guard v.isValid, let expanded = try? v.expanded() else { return }
        reached["valid suites", default: 0] += 1
        _ = CaseListing.render(expanded.cases, measure: expanded.suite.measure)
        _ = RunScale(cases: expanded.cases, measure: expanded.suite.measure)
        for c in expanded.cases.prefix(16) {
            XCTAssertNotNil(try? c.makePlan(), "a valid case must plan: \(c.id) \(label)")
            let needs = CaseMemory(shape: c.shape, options: c.options, maxSamples: expanded.suite.measure.maxSamples)
                .total
            XCTAssertLessThanOrEqual(needs ?? Int.max, Self.memory.limitBytes, "a valid case fits the limit: \(label)")
        }
    }

    /// A .npy file's bytes through parsing, and through the header-first reader.
    func exercise(npy data: Data, label: String, scratch: URL) {
        do {
            _ = try NPYFile.parseArray(data, path: "fuzz.npy")
        } catch {}
        try? data.write(to: scratch)
        do {
            let file = try NPYFile.open(scratch.path)
            try file.check(Self.memory)
            _ = try file.readValues()
            reached["readable .npy files", default: 0] += 1
        } catch {}
    }

    /// A run record's text through decoding and validation, then comparison, merge,
    /// rendering and stripping when it loads.
    func exercise(record text: String, label: String, against base: RunRecord) {
        let record: RunRecord
        do {
            record = try RunRecord.decode(jsonData: Data(text.utf8), path: "fuzz.json")
        } catch {
            XCTAssertTrue(error is RunRecordError, "only RunRecordError: \(error) \(label)")
            return
        }
        XCTAssertEqual(record.validationProblems(), [], label)
        reached["valid records", default: 0] += 1
        let comparison = Comparison(base: base, current: record, options: ComparisonOptions(resamples: 20))
        _ = try? ComparisonMarkdownRenderer(includeChart: true).render(comparison)
        _ = try? ComparisonFormat.json.renderer.render(comparison)
        _ = try? CSVRenderer().render(record)
        _ = try? MarkdownRenderer(chartFiles: RunCharts.charts(for: record)).render(record)
        _ = BaselineStore.strippingSamples(record)
        _ = try? RunRecord.merge([("a", base), ("b", record)], options: .init(allowMixed: true))
    }

    func testLibraryEntryPointsSurviveMutatedInputs() throws {
        var m = FuzzMutator(seed: Self.seed)
        let base = try RunRecordStore.load(from: protectedRun)
        let scratch = sandbox.root.appendingPathComponent("scratch.npy")
        for i in 0..<(2500 * Self.scale) {
            var text = m.pick(Self.suiteSeeds)
            for _ in 0..<m.int(1...3) { text = m.mutate(text: text) }
            exercise(suite: text, label: "suite case \(i) (seed \(Self.seed)):\n\(text)")
        }
        for i in 0..<(3000 * Self.scale) {
            var data = m.pick(Self.npySeeds)
            for _ in 0..<m.int(1...3) { data = m.mutate(npy: data) }
            exercise(
                npy: data, label: "npy case \(i) (seed \(Self.seed)): \(data.base64EncodedString())", scratch: scratch)
        }
        for i in 0..<(1000 * Self.scale) {
            var text = recordText
            for _ in 0..<m.int(1...3) { text = m.mutate(text: text) }
            exercise(record: text, label: "record case \(i) (seed \(Self.seed))", against: base)
        }
        print(
            "fuzz (seed \(Self.seed)): \(reached.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))"
        )
    }

    // MARK: the CLI

    func testCLISurvivesMutatedInputsAndOptions() throws {
        var m = FuzzMutator(seed: Self.seed ^ 0xC11)
        let k = try sandbox.input(Self.npySeeds[0], named: "k.npy")
        for i in 0..<(130 * Self.scale) {
            let out = sandbox.nextOutput()
            let label = "CLI case \(i) (seed \(Self.seed))"
            let (arguments, environment) = try command(&m, case: i, out: out, k: k)
            try sandbox.run(arguments, environment: environment, label: label)
        }
    }

    /// One random command line, with its mutated inputs written under `in/`.
    func command(_ m: inout FuzzMutator, case i: Int, out: URL, k: String) throws -> ([String], [String: String]) {
        func size() -> String { m.pick(["1", "2", "8", "16", "48"] + FuzzMutator.numbers) }
        func maybe(_ p: Double, _ args: @autoclosure () -> [String]) -> [String] { m.chance(p) ? args() : [] }
        var text = m.pick(Self.suiteSeeds)
        for _ in 0..<m.int(0...2) { text = m.mutate(text: text) }
        switch m.int(0...9) {
        case 0:
            let suite = try sandbox.input(Data(text.utf8), named: "suite-\(i).yaml")
            return (
                ["validate", suite] + maybe(0.3, ["--max-memory", m.pick(["1MiB", "64GiB", "none", "x", "0"])]), [:]
            )
        case 1:
            let suite = try sandbox.input(Data(text.utf8), named: "suite-\(i).yaml")
            return (["list", suite] + maybe(0.3, ["--quick"]) + maybe(0.2, ["--shards", size()]), [:])
        case 2:
            // Only cheap suites actually run; the others are refused or listed first.
            let suite = try sandbox.input(Data(text.utf8), named: "suite-\(i).yaml")
            let cheap =
                (try? SuiteLoader(memory: Self.memory).load(yaml: text, file: "x")).map {
                    $0.cases.count <= 4 && $0.cases.allSatisfy { $0.shape.nominalFlops(causal: false) < 2_000_000 }
                } ?? true
            guard cheap else { return (["list", suite], [:]) }
            return (
                ["run", suite, "--out", out.path, "--quiet", "--quick"]
                    + maybe(0.3, ["--filter", m.pick([".", "flash", "(", "^x$", "mqa"])])
                    + maybe(0.2, ["--shard", m.pick(["1/2", "2/2", "0/1", "3/2", "1/1"])])
                    + maybe(0.2, ["--seed", m.pick(FuzzMutator.numbers)]), [:]
            )
        case 3, 4:
            let options = [
                ["--seq-len", size()], ["--kv-len", size()], ["--heads", size()], ["--kv-heads", size()],
                ["--batch", size()], ["--head-dim", size()], ["--tile", m.pick(FuzzMutator.strings + ["64x64"])],
                ["--threads", size()], ["--sram", m.pick(FuzzMutator.strings + FuzzMutator.numbers)],
                ["--algorithm", m.pick(Algorithm.allCases.map(\.rawValue) + ["x"])], ["--causal"],
                ["--precision", m.pick(["fp8-e4m3", "fp32", "x"])], ["--profile", m.pick(["h100", "a100", "x"])],
                ["--scale", m.pick(FuzzMutator.numbers)], ["--json"]
            ]
            return (["model"] + (0..<m.int(1...5)).flatMap { _ in m.pick(options) }, [:])
        case 5:
            var q = m.pick(Self.npySeeds)
            for _ in 0..<m.int(0...2) { q = m.mutate(npy: q) }
            let qPath = try sandbox.input(q, named: "q-\(i).npy")
            let o = m.chance(0.8) ? out.appendingPathComponent("o.npy").path : out.path
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            return (
                ["attend", "--q", qPath, "--k", k, "--v", k, "--out", o]
                    + maybe(0.4, ["--algorithm", m.pick(Algorithm.allCases.map(\.rawValue))])
                    + maybe(0.3, ["--threads", size()]) + maybe(0.3, ["--tile", m.pick(["1x1", "8x8", "64x64", "0x1"])])
                    + maybe(0.3, ["--precision", "fp8-e4m3"]) + maybe(0.3, ["--causal"]) + maybe(0.3, ["--metrics"]),
                [:]
            )
        case 6:
            var a = m.pick(Self.npySeeds)
            for _ in 0..<m.int(0...2) { a = m.mutate(npy: a) }
            let input = try sandbox.input(a, named: "a-\(i).npy")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            return (
                ["quantize", "--format", m.pick(["e4m3", "E5M2", "x"]), input, out.appendingPathComponent("q.npy").path]
                    + maybe(0.3, ["--scaling", m.pick(["tensor", "none", "x"])]) + maybe(0.3, ["--no-saturate"]), [:]
            )
        case 7:
            var record = recordText
            for _ in 0..<m.int(1...3) { record = m.mutate(text: record) }
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try Data(record.utf8).write(to: out.appendingPathComponent("run.json"))
            return (["report", out.path], [:])
        case 8:
            var record = recordText
            for _ in 0..<m.int(0...3) { record = m.mutate(text: record) }
            let current = try sandbox.input(Data(record.utf8), named: "record-\(i).json")
            let summary = m.pick([out.appendingPathComponent("summary.md").path, sandbox.outputs.path, "/dev/full", ""])
            return (
                ["compare", protectedRun.path, current] + maybe(0.3, ["--out", out.path])
                    + maybe(0.3, ["--format", m.pick(["md", "csv", "json", "x"])])
                    + maybe(0.2, ["--threshold", m.pick(FuzzMutator.numbers + ["10%"])]) + maybe(0.3, ["--no-timing"]),
                ["GITHUB_STEP_SUMMARY": summary]
            )
        default:
            var record = recordText
            for _ in 0..<m.int(0...2) { record = m.mutate(text: record) }
            let shard = try sandbox.input(Data(record.utf8), named: "shard-\(i).json")
            if m.chance(0.5) {
                // Into the protected run (must be refused) or a fresh directory.
                let target = m.chance(0.5) ? protectedRun.path : out.path
                return (["merge", shard, protectedRun.path, "--out", target] + maybe(0.3, ["--allow-mixed"]), [:])
            }
            return (
                [
                    "baseline", "save", shard, "--name",
                    m.pick(["ok", "../x-\(FuzzSandbox.marker)", "a/b", "", ".hidden"]),
                    "--baselines", out.appendingPathComponent("b").path
                ] + maybe(0.3, ["--with-samples"]), [:]
            )
        }
    }

    // MARK: the corpus

    /// Every input that ever failed, through the same targets (and the CLI).
    func testCorpusReplaysCleanly() throws {
        let base = try RunRecordStore.load(from: protectedRun)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        XCTAssertFalse(files.isEmpty, "the corpus is missing: \(Self.corpus.path)")
        for name in files {
            let url = Self.corpus.appendingPathComponent(name)
            let data = try Data(contentsOf: url)
            let label = "corpus \(name)"
            switch url.pathExtension {
            case "yaml":
                exercise(suite: String(decoding: data, as: UTF8.self), label: label)
                let suite = try sandbox.input(data, named: name)
                try sandbox.run(["validate", suite], label: label)
                try sandbox.run(["run", suite, "--out", sandbox.nextOutput().path, "--quiet", "--quick"], label: label)
            case "npy":
                exercise(npy: data, label: label, scratch: sandbox.root.appendingPathComponent("scratch.npy"))
                let input = try sandbox.input(data, named: name)
                try sandbox.run(
                    ["quantize", "--format", "e4m3", input, sandbox.nextOutput().appendingPathExtension("npy").path],
                    label: label)
                try sandbox.run(
                    [
                        "attend", "--q", input, "--k", input, "--v", input, "--out",
                        sandbox.nextOutput().appendingPathExtension("npy").path
                    ], label: label)
            case "json":
                exercise(record: String(decoding: data, as: UTF8.self), label: label, against: base)
                let input = try sandbox.input(data, named: name)
                try sandbox.run(["compare", protectedRun.path, input], label: label)
                try sandbox.run(["merge", input, protectedRun.path, "--out", protectedRun.path], label: label)
            case "args":
                try sandbox.run(try arguments(of: data), environment: environment(of: data), label: label)
            default:
                XCTFail("unknown corpus file \(name) (yaml, npy, json or args)")
            }
        }
    }

    /// An `.args` file: one argument per line; `{in}`, `{out}`, `{run}` and `{corpus}` stand for
    /// the inputs directory, a fresh output directory, the protected run and the corpus;
    /// `env NAME=VALUE` lines set environment variables.
    func arguments(of data: Data) throws -> [String] {
        let out = sandbox.nextOutput()
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("env ") }.map {
            $0.replacingOccurrences(of: "{in}", with: sandbox.inputs.path)
                .replacingOccurrences(of: "{out}", with: out.path)
                .replacingOccurrences(of: "{run}", with: protectedRun.path)
                .replacingOccurrences(of: "{corpus}", with: Self.corpus.path)
        }
    }

    func environment(of data: Data) -> [String: String] {
        var env: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("env ") {
            let pair = line.dropFirst(4).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { env[pair[0]] = pair[1] }
        }
        return env
    }
}

import AttentionKernels
import Foundation
import Harness
import XCTest

/// Other implementations in attnbench's runs, end to end through the real CLI: the NumPy
/// provider against the float64 reference, a provider written here in a few lines,
/// capability skips, providers that crash, hang or print garbage, SIGINT, interleaving.
final class ProviderRunTests: CLITestCase {
    static let measure = "measure: {warmup: 1, min_samples: 3, max_samples: 4, min_time: 0.005s}"

    func record(_ run: URL) throws -> RunRecord { try RunRecordStore.load(run.path) }

    func testNumPyProviderMatchesTheReferenceWithGQAAndBottomRightCausal() throws {
        try ProviderFixture.requireNumPy()
        let suite = try CLIFixture.write(
            """
            suite: np
            defaults: {heads: 4, head_dim: 16, seq_len: 12, kv_len: 40, algorithm: three-pass}
            \(Self.measure)
            matrix:
              implementation: [attnbench, numpy]
              kv_heads: [4, 2]
              causal: [false, true]
            include:
              - {implementation: numpy, kv_heads: 1, precision: fp8-e4m3}

            """, to: dir, as: "np.yaml")
        let run = try CLIFixture.run(suite: suite, suiteName: "np", out: dir.appendingPathComponent("out"))
        let r = try record(run)
        XCTAssertEqual(r.cases.count, 9)
        for c in r.cases where c.status == .ok {
            let acc = try XCTUnwrap(c.accuracy, c.id)
            XCTAssertLessThan(acc.maxAbsError, 1e-5, "\(c.id) must agree with the float64 reference")
            XCTAssertGreaterThanOrEqual(c.samples.count, 3, c.id)
            XCTAssertNotNil(c.derived.gflops, c.id)
        }
        let numpy = r.cases.filter { $0.parameters.implementation == "numpy" && $0.status == .ok }
        XCTAssertEqual(numpy.count, 4)
        XCTAssertTrue(
            numpy.allSatisfy { $0.traffic == nil && $0.nominalFlops != nil && $0.id.hasPrefix("numpy-three-pass-") })
        XCTAssertEqual(numpy.map(\.layout), ["mha", "mha", "gqa", "gqa"])
        // Causal with Lq < Lkv is bottom-right aligned: masking hides 12·13/2 of 12·40 scores' worth of work.
        XCTAssertEqual(numpy[1].nominalFlops, 4 * 4 * 12 * 40 * 16 / 2)
        let fp8 = try XCTUnwrap(r.cases.last)
        XCTAssertEqual(fp8.status, .skipped)
        XCTAssertEqual(fp8.reason, "numpy does not run fp8-e4m3 (it runs fp32)")
        let provider = try XCTUnwrap(r.providers?.first)
        XCTAssertEqual(provider.name, "numpy")
        XCTAssertEqual(provider.capabilities?.algorithms, ["three-pass"])
        XCTAssertNil(provider.failure)
        // (No field of these rows holds a comma, so a plain split reads them.)
        let rows = try CLIFixture.csvLines(run.appendingPathComponent("results.csv")).map {
            $0.components(separatedBy: ",")
        }
        let implementation = try XCTUnwrap(rows[0].firstIndex(of: "implementation"))
        let reason = try XCTUnwrap(rows[0].firstIndex(of: "reason"))
        XCTAssertEqual(rows.dropFirst().map { $0[implementation] }, r.cases.map(\.parameters.implementation))
        XCTAssertEqual(rows.last?[reason], "numpy does not run fp8-e4m3 (it runs fp32)")
        let report = try String(contentsOf: run.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("## Skipped and failed cases"), report)
        XCTAssertTrue(report.contains("## Implementations"), report)
        XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent("implementations.svg").path))
    }

    /// A provider written in the test in a few lines: it gets attnbench's own input bits,
    /// declares what it cannot do, and skips a case by itself.
    func testCommandProviderGetsTheKernelsInputBitsAndItsSkipsAreRecorded() throws {
        try ProviderFixture.requireNumPy()
        let copies = dir.appendingPathComponent("copies")
        try FileManager.default.createDirectory(at: copies, withIntermediateDirectories: true)
        try CLIFixture.write(
            """
            import json, shutil, sys, time
            import numpy as np
            print(json.dumps({"type": "hello", "protocol": 1, "name": "mine", "version": "0.1",
                              "capabilities": {"causal": False}}), flush=True)
            cases = {}
            for line in sys.stdin:
                r = json.loads(line)
                if r["type"] == "prepare" and r["head_dim"] == 32:
                    reply = {"type": "skipped", "reason": "head_dim 32 is not built"}
                elif r["type"] == "prepare":
                    for x in "qkv": shutil.copy(r[x], sys.argv[1] + "/" + x + ".npy")
                    q, k, v = (np.load(r[x]).astype(np.float64) for x in "qkv")
                    s = q @ k.transpose(0, 1, 3, 2) * r["scale"]
                    p = np.exp(s - s.max(-1, keepdims=True))
                    cases[r["id"]] = o = ((p / p.sum(-1, keepdims=True)) @ v).astype(np.float32)
                    np.save(r["out"], o)
                    reply = {"type": "ready"}
                elif r["type"] == "run":
                    ns = []
                    for _ in range(r["calls"]):
                        t = time.perf_counter_ns()
                        cases[r["id"]].sum()
                        ns.append(time.perf_counter_ns() - t)
                    reply = {"type": "timed", "ns": ns}
                else:
                    reply = {"type": "released"}
                print(json.dumps(reply), flush=True)

            """, to: dir, as: "mine.py")
        let suite = try CLIFixture.write(
            """
            suite: mine
            defaults: {heads: 2, seq_len: 16, seed: 5}
            \(Self.measure)
            providers:
              mine: [python3, mine.py, \(copies.path)]
            matrix:
              implementation: [mine]
              head_dim: [16, 32]
              causal: [false, true]

            """, to: dir, as: "mine.yaml")
        let run = try CLIFixture.run(suite: suite, suiteName: "mine", out: dir.appendingPathComponent("out"))
        let cases = try record(run).cases
        XCTAssertEqual(cases.map(\.status), [.ok, .skipped, .skipped, .skipped])
        XCTAssertEqual(cases[1].reason, "mine does not do causal masking")
        XCTAssertEqual(cases[2].reason, "mine: head_dim 32 is not built")
        XCTAssertLessThan(try XCTUnwrap(cases[0].accuracy).maxAbsError, 1e-6)
        XCTAssertEqual(try record(run).providers?.first?.version, "0.1")
        // The files the provider received hold exactly the inputs attnbench's kernels get.
        let first = try XCTUnwrap(SuiteLoader().load(path: suite).cases.first)
        let expected = CaseInputs(shape: first.shape, distribution: first.distribution, seed: first.parameters.seed)
        for (name, tensor) in [("q", expected.q), ("k", expected.k), ("v", expected.v)] {
            let received = try Data(contentsOf: copies.appendingPathComponent("\(name).npy"))
            XCTAssertEqual(
                try NPYFile.parse(received, path: name).storage.map(\.bitPattern),
                tensor.storage.map(\.bitPattern), "\(name) must be bit-identical")
        }
    }

    func testBrokenProvidersFailTheirCasesWhileTheOthersComplete() throws {
        try CLIFixture.write(ProviderFixture.misbehaving, to: dir, as: "bad.py")
        let suite = try CLIFixture.write(
            """
            suite: bad
            defaults: {heads: 2, head_dim: 16, seq_len: 16}
            \(Self.measure)
            providers:
              crash: [python3, bad.py, crash]
              hang: [python3, bad.py, hang]
              garbage: [python3, bad.py, garbage]
              missing: [./no-such-provider]
            matrix:
              implementation: [attnbench, crash, hang, garbage, missing]
              causal: [false, true]

            """, to: dir, as: "bad.yaml")
        // 4 s: short enough for a test, long enough that a loaded machine starts Python in time.
        let out = dir.appendingPathComponent("out")
        let r = try CLIRunner.run(["run", suite, "--out", out.path, "--quiet", "--provider-timeout", "4"])
        XCTAssertEqual(r.status, 1, "a failed case is a failed check: exit 1\n\(r.stderr)")
        XCTAssertTrue(r.stderr.contains("failed"), r.stderr)
        let cases = try record(CLIFixture.runDirectory(in: out, suite: "bad")).cases
        XCTAssertEqual(cases.count, 10)
        func reasons(_ name: String) -> [String] {
            cases.filter { $0.parameters.implementation == name }.map { $0.reason ?? "" }
        }
        XCTAssertEqual(cases.filter { $0.parameters.isBuiltIn }.map(\.status), [.ok, .ok])
        XCTAssertTrue(cases.filter { !$0.parameters.isBuiltIn }.allSatisfy { $0.status == .failed })
        for reason in reasons("crash") {
            XCTAssertTrue(reason.contains("exited with status 3") && reason.contains("boom: simulated crash"), reason)
        }
        for reason in reasons("hang") { XCTAssertTrue(reason.contains("did not answer within 4 s"), reason) }
        for reason in reasons("garbage") { XCTAssertTrue(reason.contains("'Hello, I am not JSON' (not JSON)"), reason) }
        for reason in reasons("missing") {
            XCTAssertTrue(reason.contains("its hello") && reason.contains("no-such-provider"), reason)
        }
    }

    func testSIGINTWithAProviderRunningLeavesNoOrphan() throws {
        try CLIFixture.write(ProviderFixture.misbehaving, to: dir, as: "slow.py")
        let pidFile = dir.appendingPathComponent("provider.pid")
        let suite = try CLIFixture.write(
            """
            suite: slow
            defaults: {heads: 2, head_dim: 16, seq_len: 16}
            measure: {warmup: 1, min_samples: 3, max_samples: 100, min_time: 30s}
            providers:
              slow: [python3, slow.py, slow, \(pidFile.path)]
            matrix:
              implementation: [slow, attnbench]

            """, to: dir, as: "slow.yaml")
        // A temporary directory of its own, to see that the run's scratch files go too.
        let tmp = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["run", suite, "--out", dir.appendingPathComponent("out").path, "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": tmp.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let deadline = Date().addingTimeInterval(60)
        var pid: Int32?
        while Date() < deadline, pid == nil, process.isRunning {
            pid = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let provider = try XCTUnwrap(pid, "the provider never started")
        Thread.sleep(forTimeInterval: 0.5)  // into its timed calls
        XCTAssertFalse(ProviderFixture.isGone(provider))
        XCTAssertEqual(kill(process.processIdentifier, SIGINT), 0)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertTrue(ProviderFixture.isGone(provider), "provider \(provider) outlived attnbench")
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.hasPrefix("attnbench-") }
        XCTAssertEqual(left, [], "the run's scratch directory (inputs for the provider) was left behind")
    }

    func testInterleavingAlternatesImplementationsAndIsRecorded() throws {
        try ProviderFixture.requireNumPy()
        let suite = try CLIFixture.write(
            """
            suite: mix
            defaults: {heads: 2, head_dim: 16, algorithm: three-pass}
            measure: {warmup: 1, min_samples: 4, max_samples: 4, min_time: 0.001s, interleave: true}
            matrix:
              implementation: [attnbench, numpy]
              seq_len: [8, 16]

            """, to: dir, as: "mix.yaml")
        let run = try CLIFixture.run(suite: suite, suiteName: "mix", out: dir.appendingPathComponent("out"))
        let r = try record(run)
        XCTAssertTrue(r.options.interleave)
        XCTAssertEqual(
            r.cases.map(\.parameters.implementation), ["attnbench", "attnbench", "numpy", "numpy"],
            "records keep the suite's order")
        let samples = r.cases.flatMap { c in c.samples.map { (c.parameters.implementation, $0) } }
        XCTAssertEqual(samples.count, 16)
        for round in 0..<4 {
            let inRound = samples.filter { $0.1.round == round }.sorted { ($0.1.startNs ?? 0) < ($1.1.startNs ?? 0) }
            XCTAssertEqual(inRound.count, 4, "round \(round)")
            let order = inRound.map(\.0)
            XCTAssertTrue(zip(order, order.dropFirst()).allSatisfy { $0 != $1 }, "round \(round): \(order)")
        }
    }

    func testTorchProviderMatchesTheReference() throws {
        guard ProviderFixture.python(with: "torch") != nil else {
            throw XCTSkip("PyTorch is not installed for the Python attnbench finds; `make providers` installs it")
        }
        let suite = try CLIFixture.write(
            """
            suite: torch
            defaults: {heads: 4, head_dim: 16, kv_len: 24}
            \(Self.measure)
            matrix:
              implementation: [torch]
              kv_heads: [4, 2]
              causal: [false, true]
              seq_len: [24, 1]
            include:
              - {implementation: torch, seq_len: 40, kv_heads: 1, causal: false}
              - {implementation: torch, seq_len: 16, kv_len: 40, kv_heads: 1, causal: true}

            """, to: dir, as: "torch.yaml")
        let run = try CLIFixture.run(suite: suite, suiteName: "torch", out: dir.appendingPathComponent("out"))
        let r = try record(run)
        XCTAssertEqual(r.cases.count, 10)
        for c in r.cases {
            XCTAssertEqual(c.status, .ok, "\(c.id): \(c.reason ?? "")")
            XCTAssertLessThan(try XCTUnwrap(c.accuracy, c.id).maxAbsError, 1e-5, c.id)
        }
        XCTAssertTrue(r.providers?.first?.description?.contains("PyTorch") ?? false)
    }

    func testBadProviderInputIsExitTwoWithTheLocation() throws {
        let suite = try CLIFixture.write(
            "suite: t\nmatrix:\n  implementation: [attnbench, pytorch]\n", to: dir, as: "t.yaml")
        CLIFixture.assertBadInput(
            try CLIRunner.run(["run", suite, "--out", path("out")]),
            mentioning: "t.yaml:3:31: error: unknown implementation 'pytorch' (did you mean 'torch'?)")
        CLIFixture.assertBadInput(
            try CLIRunner.run(["run", suite, "--provider-timeout", "0"]), mentioning: "--provider-timeout")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out")), "nothing is written for a bad suite")
        let run = try CLIFixture.run(
            suite: try CLIFixture.write(
                "suite: ok\ndefaults: {heads: 2, seq_len: 8, head_dim: 16}\n"
                    + Self.measure + "\n", to: dir, as: "ok.yaml"),
            suiteName: "ok", out: dir.appendingPathComponent("runs"))
        CLIFixture.assertBadInput(try CLIRunner.run(["report", run.path, "--reference", "troch"]), mentioning: "troch")
    }

    /// docs/providers.md's example is complete: it runs as printed.
    func testTheDocumentedExampleProviderRuns() throws {
        try ProviderFixture.requireNumPy()
        let root = try XCTUnwrap(ProjectLocator.root(), "the project checkout")
        let doc = try String(contentsOf: root.appendingPathComponent("docs/providers.md"), encoding: .utf8)
        let start = try XCTUnwrap(doc.range(of: "```python\n"), "docs/providers.md has a python block")
        let end = try XCTUnwrap(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let code = String(doc[start.upperBound..<end.lowerBound])
        XCTAssertLessThanOrEqual(code.split(separator: "\n").count, 45, "the example stays short")
        try CLIFixture.write(code + "\n", to: dir, as: "my_provider.py")
        let suite = try CLIFixture.write(
            """
            suite: example
            defaults: {heads: 4, kv_heads: 2, head_dim: 16, seq_len: 16, kv_len: 24, algorithm: three-pass}
            \(Self.measure)
            providers:
              mine: [python, my_provider.py]
            matrix:
              implementation: [mine]
              causal: [false, true]
              threads: [1, 2]

            """, to: dir, as: "example.yaml")
        let run = try CLIFixture.run(suite: suite, suiteName: "example", out: dir.appendingPathComponent("out"))
        let cases = try record(run).cases
        XCTAssertEqual(cases.map(\.status), [.ok, .skipped, .ok, .skipped], cases.map { $0.reason ?? "" }.description)
        for c in cases where c.status == .ok {
            XCTAssertLessThan(try XCTUnwrap(c.accuracy).maxAbsError, 1e-5, c.id)
        }
    }
}

import AttentionKernels
import Foundation
import Harness
import XCTest

/// End-to-end tests of `attnbench attend` and .npy handling through the real executable.
final class AttendCommandTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try CLIRunner.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// NumPy writes Q, K, V (GQA, odd lengths) and a float64 reference; every algorithm's
    /// output read back by NumPy must match within 2e-5 · max(1, max|ref|).
    func testAttendMatchesNumPyFloat64ReferenceForEveryAlgorithm() throws {
        try XCTSkipUnless(CLIRunner.hasNumPy, "python3 with numpy is not installed")
        let gen = """
        import numpy as np
        rng = np.random.default_rng(5)
        q = rng.standard_normal((2, 8, 37, 40)).astype(np.float32)
        k = rng.standard_normal((2, 2, 53, 40)).astype(np.float32)
        v = rng.standard_normal((2, 2, 53, 40)).astype(np.float32)
        np.save('q.npy', q); np.save('k.npy', k); np.save('v.npy', v)
        """
        XCTAssertEqual(try CLIRunner.python(gen, cwd: dir).status, 0)
        for algorithm in Algorithm.allCases {
            for causal in [false, true] {
                var args = ["attend", "--q", path("q.npy"), "--k", path("k.npy"), "--v", path("v.npy"),
                            "--out", path("o.npy"), "--algorithm", algorithm.rawValue, "--tile", "16x48"]
                if causal { args.append("--causal") }
                let r = try CLIRunner.run(args)
                XCTAssertEqual(r.status, 0, r.stderr)
                let check = """
                import numpy as np
                q = np.load('q.npy').astype(np.float64); k = np.load('k.npy').astype(np.float64); v = np.load('v.npy').astype(np.float64)
                k = np.repeat(k, 4, axis=1); v = np.repeat(v, 4, axis=1)
                s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1])
                if \(causal ? "True" : "False"):
                    lq, lk = s.shape[-2], s.shape[-1]
                    mask = np.arange(lk)[None, :] > np.arange(lq)[:, None] + (lk - lq)
                    s = np.where(mask, -np.inf, s)
                p = np.exp(s - s.max(-1, keepdims=True)); p /= p.sum(-1, keepdims=True)
                ref = p @ v
                o = np.load('o.npy')
                assert o.dtype == np.float32 and o.shape == ref.shape, (o.dtype, o.shape)
                err = np.abs(o - ref).max(); tol = 2e-5 * max(1.0, np.abs(ref).max())
                print(err, tol); assert err <= tol
                """
                let c = try CLIRunner.python(check, cwd: dir)
                XCTAssertEqual(c.status, 0, "\(algorithm.rawValue) causal=\(causal): \(c.stdout) \(c.stderr)")
            }
        }
    }

    func testNPYRoundTripIsExact() throws {
        let t = InputDistribution(std: 3).tensor(batch: 2, heads: 3, length: 5, dim: 7, seed: 1, stream: 0)
        try NPYFile.write(t, to: path("t.npy"))
        XCTAssertEqual(try NPYFile.read(path("t.npy")), t)
        // Version 2.0 header and a 3-D array (read as batch 1).
        var v2 = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0])
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }\n"
        let len = UInt32(header.utf8.count)
        v2.append(contentsOf: [UInt8(len & 0xFF), UInt8((len >> 8) & 0xFF), 0, 0])
        v2.append(contentsOf: Array(header.utf8))
        let values: [Float] = [1, 2, 3, 4, 5, 6]
        values.withUnsafeBytes { v2.append(contentsOf: $0) }
        let parsed = try NPYFile.parse(v2, path: "v2.npy")
        XCTAssertEqual(parsed.shape, [1, 1, 2, 3])
        XCTAssertEqual(parsed.storage, values)
    }

    /// Each malformed input exits 2 with the file's name and the problem in the message.
    func testBadNPYFilesExitTwoNamingTheFile() throws {
        let good = InputDistribution.standard.tensor(batch: 1, heads: 2, length: 8, dim: 16, seed: 1, stream: 0)
        try NPYFile.write(good, to: path("good.npy"))
        let goodData = NPYFile.encode(good)
        func header(_ dict: String) -> Data {
            var d = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
            var h = dict
            h += String(repeating: " ", count: (64 - (10 + h.utf8.count + 1) % 64) % 64) + "\n"
            d.append(contentsOf: [UInt8(h.utf8.count & 0xFF), UInt8(h.utf8.count >> 8)])
            d.append(contentsOf: Array(h.utf8))
            return d
        }
        var f8 = header("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 8, 16), }")
        f8.append(Data(count: 2 * 8 * 16 * 8))
        var fortran = header("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2, 8, 16), }")
        fortran.append(Data(count: 2 * 8 * 16 * 4))
        let cases: [(String, Data, String)] = [
            ("dtype.npy", f8, "dtype"),
            ("fortran.npy", fortran, "Fortran"),
            ("magic.npy", Data("not numpy at all".utf8), "magic"),
            ("truncated.npy", goodData.prefix(goodData.count - 10), "truncated"),
        ]
        for (name, data, problem) in cases {
            try data.write(to: URL(fileURLWithPath: path(name)))
            let r = try CLIRunner.run(["attend", "--q", path(name), "--k", path("good.npy"), "--v", path("good.npy"),
                                       "--out", path("o.npy")])
            XCTAssertEqual(r.status, 2, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(name), "\(name): message must name the file: \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(problem), "\(name): message must say \(problem): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr)
        }
        // Inconsistent shapes between Q and K/V.
        let otherDim = InputDistribution.standard.tensor(batch: 1, heads: 2, length: 8, dim: 8, seed: 1, stream: 0)
        try NPYFile.write(otherDim, to: path("d8.npy"))
        let r = try CLIRunner.run(["attend", "--q", path("good.npy"), "--k", path("d8.npy"), "--v", path("d8.npy"),
                                   "--out", path("o.npy")])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("d8.npy") && r.stderr.contains("head_dim"), r.stderr)
        let missing = try CLIRunner.run(["attend", "--q", path("nope.npy"), "--k", path("good.npy"), "--v", path("good.npy"),
                                         "--out", path("o.npy")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.npy"), missing.stderr)
    }

    func testBadOptionsExitTwo() throws {
        let good = InputDistribution.standard.tensor(batch: 1, heads: 2, length: 8, dim: 16, seed: 1, stream: 0)
        try NPYFile.write(good, to: path("g.npy"))
        for extra in [["--algorithm", "fast"], ["--tile", "64by64"], ["--threads", "0"], ["--bogus-flag"]] {
            let r = try CLIRunner.run(["attend", "--q", path("g.npy"), "--k", path("g.npy"), "--v", path("g.npy"),
                                       "--out", path("o.npy")] + extra)
            XCTAssertEqual(r.status, 2, "\(extra): \(r.stderr)")
        }
    }

    func testModelJSONEqualsExecutedLedger() throws {
        for (algorithm, extra) in [("flash", ["--causal"]), ("three-pass", []), ("flash-v1", ["--causal"]), ("online", []),
                                   ("flash", ["--no-gqa-packing"]), ("flash-decoding", ["--causal", "--kv-splits", "3"])] {
            let r = try CLIRunner.run(["model", "--batch", "2", "--heads", "8", "--kv-heads", "2", "--seq-len", "77",
                                       "--kv-len", "120", "--head-dim", "32", "--algorithm", algorithm, "--tile", "16x32",
                                       "--json"] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let shape = AttentionShape(batch: 2, qHeads: 8, kvHeads: 2, qLen: 77, kvLen: 120, headDim: 32)
            let options = AttentionOptions(algorithm: Algorithm(rawValue: algorithm) ?? .flash,
                                           tile: TileSize(rows: 16, cols: 32), causal: extra.contains("--causal"),
                                           gqaPacking: !extra.contains("--no-gqa-packing"),
                                           kvSplits: extra.contains("--kv-splits") ? 3 : nil)
            let plan = try AttentionPlan(shape: shape, options: options)
            let d = InputDistribution.standard
            let prepared = try plan.prepare(q: d.tensor(batch: 2, heads: 8, length: 77, dim: 32, seed: 1, stream: 0),
                                            k: d.tensor(batch: 2, heads: 2, length: 120, dim: 32, seed: 1, stream: 1),
                                            v: d.tensor(batch: 2, heads: 2, length: 120, dim: 32, seed: 1, stream: 2))
            var out = plan.makeOutput()
            let ledger = plan.execute(prepared, into: &out)
            XCTAssertEqual(json["hbm_read_bytes"] as? Int, ledger.hbmReadBytes, algorithm)
            XCTAssertEqual(json["hbm_write_bytes"] as? Int, ledger.hbmWriteBytes, algorithm)
            XCTAssertEqual(json["sram_peak_bytes"] as? Int, ledger.sramPeakBytes, algorithm)
            XCTAssertEqual(json["flops"] as? Int, ledger.flops, algorithm)
            XCTAssertEqual(json["executed_flops"] as? Int, ledger.executedFlops, algorithm)
            XCTAssertEqual(json["kv_cache_bytes"] as? Int, 2 * 2 * 2 * 120 * 32 * 4, algorithm)
            XCTAssertNotNil(json["roofline"], algorithm)
            XCTAssertEqual(json["work_units"] as? Int, plan.parallelWorkUnits, algorithm)
            XCTAssertEqual(json["kv_splits"] as? Int, plan.kvSplit.splits, algorithm)
        }
    }

    func testModelRefusesOverCapacityTilesWithNumbers() throws {
        let r = try CLIRunner.run(["model", "--head-dim", "128", "--tile", "128x128", "--sram", "96KiB"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("98304") && r.stderr.contains("328704"), r.stderr)
        let both = try CLIRunner.run(["model", "--sram", "96KiB", "--profile", "h100"])
        XCTAssertEqual(both.status, 2)
        let unknown = try CLIRunner.run(["model", "--profile", "tpu"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("tpu"), unknown.stderr)
    }
}

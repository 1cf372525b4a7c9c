import AttentionKernels
import Foundation
import Harness
import XCTest

/// End-to-end tests of `attnbench attend` and .npy handling through the real executable.
final class AttendCommandTests: CLITestCase {
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
                var args = [
                    "attend", "--q", path("q.npy"), "--k", path("k.npy"), "--v", path("v.npy"),
                    "--out", path("o.npy"), "--algorithm", algorithm.rawValue, "--tile", "16x48"
                ]
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
            ("truncated.npy", goodData.prefix(goodData.count - 10), "truncated")
        ]
        for (name, data, problem) in cases {
            try data.write(to: URL(fileURLWithPath: path(name)))
            let r = try CLIRunner.run([
                "attend", "--q", path(name), "--k", path("good.npy"), "--v", path("good.npy"),
                "--out", path("o.npy")
            ])
            XCTAssertEqual(r.status, 2, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(name), "\(name): message must name the file: \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(problem), "\(name): message must say \(problem): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr)
        }
        // Inconsistent shapes between Q and K/V.
        let otherDim = InputDistribution.standard.tensor(batch: 1, heads: 2, length: 8, dim: 8, seed: 1, stream: 0)
        try NPYFile.write(otherDim, to: path("d8.npy"))
        let r = try CLIRunner.run([
            "attend", "--q", path("good.npy"), "--k", path("d8.npy"), "--v", path("d8.npy"),
            "--out", path("o.npy")
        ])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("d8.npy") && r.stderr.contains("head_dim"), r.stderr)
        let missing = try CLIRunner.run([
            "attend", "--q", path("nope.npy"), "--k", path("good.npy"), "--v", path("good.npy"),
            "--out", path("o.npy")
        ])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.npy"), missing.stderr)
    }

    func testBadOptionsExitTwo() throws {
        let good = InputDistribution.standard.tensor(batch: 1, heads: 2, length: 8, dim: 16, seed: 1, stream: 0)
        try NPYFile.write(good, to: path("g.npy"))
        for extra in [["--algorithm", "fast"], ["--tile", "64by64"], ["--threads", "0"], ["--bogus-flag"]] {
            let r = try CLIRunner.run(
                [
                    "attend", "--q", path("g.npy"), "--k", path("g.npy"), "--v", path("g.npy"),
                    "--out", path("o.npy")
                ] + extra)
            XCTAssertEqual(r.status, 2, "\(extra): \(r.stderr)")
        }
    }

    /// `attend --metrics` with FP8: one JSON object with the errors, the shape and the variant.
    func testMetricsPrintOneJSONObjectWithErrorsShapeAndVariant() throws {
        let d = InputDistribution.standard
        let q = d.tensor(batch: 1, heads: 4, length: 70, dim: 64, seed: 5, stream: 0)
        let k = d.tensor(batch: 1, heads: 2, length: 90, dim: 64, seed: 5, stream: 1)
        let v = d.tensor(batch: 1, heads: 2, length: 90, dim: 64, seed: 5, stream: 2)
        try NPYFile.write(q, to: path("q.npy")); try NPYFile.write(k, to: path("k.npy"));
        try NPYFile.write(v, to: path("v.npy"))
        let r = try CLIRunner.run([
            "attend", "--q", path("q.npy"), "--k", path("k.npy"), "--v", path("v.npy"),
            "--out", path("o.npy"), "--precision", "fp8-e4m3", "--scaling", "block",
            "--tile", "32x32", "--metrics"
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line expected: \(r.stdout)")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
        for key in [
            "max_abs_error", "rmse", "relative_frobenius", "batch", "heads", "kv_heads", "seq_len", "kv_len",
            "head_dim", "layout", "algorithm", "precision", "scaling", "incoherent", "causal", "tile"
        ] {
            XCTAssertNotNil(json[key], "missing \(key): \(r.stdout)")
        }
        XCTAssertEqual(json["precision"] as? String, "fp8-e4m3")
        XCTAssertEqual(json["scaling"] as? String, "block")
        XCTAssertEqual(json["algorithm"] as? String, "flash")
        XCTAssertEqual(json["layout"] as? String, "gqa")
        XCTAssertEqual(json["incoherent"] as? Bool, false)
        XCTAssertEqual(json["heads"] as? Int, 4)
        XCTAssertEqual(json["kv_heads"] as? Int, 2)
        XCTAssertEqual(json["seq_len"] as? Int, 70)
        XCTAssertEqual(json["kv_len"] as? Int, 90)
        XCTAssertEqual(json["head_dim"] as? Int, 64)
        // The errors are those of the same call in-process, against the float64 reference
        // on the unquantized inputs, and within docs/fp8.md's E4M3 bounds.
        let options = AttentionOptions(
            algorithm: .flash, tile: TileSize(rows: 32, cols: 32), precision: .fp8E4M3,
            scaling: .block)
        let out = try AttentionPlan.compute(q: q, k: k, v: v, options: options)
        let m = AccuracyMetrics(output: out, reference: ReferenceAttention.compute(q: q, k: k, v: v, causal: false))
        let relF = try XCTUnwrap(json["relative_frobenius"] as? Double)
        XCTAssertEqual(relF, m.relativeFrobenius, accuracy: 1e-12 * m.relativeFrobenius)
        XCTAssertEqual(try XCTUnwrap(json["rmse"] as? Double), m.rmse, accuracy: 1e-12 * m.rmse)
        XCTAssertEqual(try XCTUnwrap(json["max_abs_error"] as? Double), m.maxAbsError, accuracy: 1e-12 * m.maxAbsError)
        XCTAssertGreaterThan(relF, 0.03)
        XCTAssertLessThan(relF, 0x1p-4)
        let o = try NPYFile.read(path("o.npy"))
        XCTAssertEqual(o.storage, out.storage)
    }
}

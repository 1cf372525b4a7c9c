import AttentionKernels
import Foundation
import Harness
import XCTest

/// End-to-end tests of `attnbench quantize` through the real executable: NumPy writes
/// float32 arrays, the command rounds them, NumPy checks every output bit against an
/// FP8 rounding written here in plain NumPy (always) and against ml_dtypes (when it is
/// installed; that test is skipped otherwise).
final class QuantizeCommandTests: CLITestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(CLIRunner.hasNumPy, "python3 with numpy is not installed")
        try super.setUpWithError()
        let r = try CLIRunner.python(Self.inputsScript, cwd: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    static var hasMLDtypes: Bool {
        guard let r = try? CLIRunner.python("import ml_dtypes", cwd: FileManager.default.temporaryDirectory) else {
            return false
        }
        return r.status == 0
    }

    /// Writes the inputs: `flat.npy` (1-D: specials, float32 subnormals, every FP8 value
    /// of both formats and every midpoint between neighbours, each ±1 float32 ulp, the
    /// overflow boundaries, random magnitudes over all of float32) and `cube.npy` (3-D,
    /// Gaussian values times a few scales, some specials).
    static let inputsScript = """
        import numpy as np
        \(referenceScript)
        vals = [0.0, -0.0, np.inf, -np.inf, 1.0, -1.0, 464.0, -464.0, 61440.0, -61440.0, 1e6, -1e30,
                3.4028234663852886e38, -3.4028234663852886e38]
        bits = [0x7FC00000, 0xFFC00000, 0x7FA00001, 0xFF800001, 0x7FFFFFFF, 0x00000001, 0x80000001, 0x007FFFFF, 0x00800000]
        xs = [np.array(vals, np.float32), np.array(bits, np.uint32).view(np.float32)]
        for name in FMT:
            g = grid(name)
            mids = ((g[:-1] + g[1:]) / 2).astype(np.float32)
            above = np.array([g[-1] + (g[-1] - g[-2]) / 2, g[-1] * 2], np.float64).astype(np.float32)
            for v in (g.astype(np.float32), mids, above):
                for s in (1, -1):
                    b = (s * v).astype(np.float32).view(np.uint32).astype(np.int64)
                    for d in (-1, 0, 1):  # the neighbouring float32 values (bit patterns ±1)
                        xs.append(((b + d) % 2**32).astype(np.uint32).view(np.float32))
        rng = np.random.default_rng(11)
        xs.append(rng.integers(0, 2**32, 4000, dtype=np.uint64).astype(np.uint32).view(np.float32))
        xs.append((rng.standard_normal(4000) * 2.0 ** rng.integers(-24, 20, 4000)).astype(np.float32))
        flat = np.concatenate(xs).astype(np.float32)
        np.save('flat.npy', flat)
        cube = (rng.standard_normal((3, 5, 64)) * np.array([1e-3, 1.0, 300.0])[:, None, None]).astype(np.float32)
        cube[0, 0, :4] = [np.nan, np.inf, -np.inf, -0.0]
        cube[2, 4, 0] = 5000.0
        np.save('cube.npy', cube)
        np.save('tiny.npy', np.array([0.0, 1e-40, -1e-39, 3e-39], np.float32))
        np.save('f8.npy', np.zeros((2, 3), np.float64))
        """

    /// FP8 rounding in plain NumPy, written from the OCP spec (not from attnbench):
    /// the value grid of each format, and round-to-nearest-even onto it in float64
    /// (exact: x / step is a power-of-two division and np.round ties to even).
    static let referenceScript = """
        import warnings
        warnings.filterwarnings('ignore')  # casts of NaN/inf; the checks below say what matters
        FMT = {'e4m3': (3, -6, 8, 448.0, False), 'e5m2': (2, -14, 15, 57344.0, True)}  # m, emin, emax, max, has inf

        def grid(name):
            m, emin, emax, mx, _ = FMT[name]
            sub = [k * 2.0 ** (emin - m) for k in range(2 ** m)]
            nor = [(1 + j / 2 ** m) * 2.0 ** e for e in range(emin, emax + 1) for j in range(2 ** m)]
            return np.array([v for v in sub + nor if v <= mx], np.float64)

        def fp8(x, name, saturate):
            m, emin, emax, mx, has_inf = FMT[name]
            x64 = np.asarray(x, np.float32).astype(np.float64)
            a = np.abs(x64)
            finite = np.isfinite(x64)
            e = np.frexp(np.where(finite & (a > 0), a, 1.0))[1] - 1
            step = np.ldexp(1.0, np.maximum(e, emin) - m)
            y = np.copysign(np.round(np.where(finite, x64, 0.0) / step) * step, x64)
            over = ~np.isnan(x64) & ((np.abs(y) > mx) | np.isinf(x64))
            big = mx if saturate else (np.inf if has_inf else np.nan)
            y = np.where(over, np.copysign(big, x64), y)
            y = np.where(np.isnan(x64), np.copysign(np.nan, x64), y)
            return y.astype(np.float32)

        def tensor_scaled(x, name, saturate):
            mx = np.float32(FMT[name][3])
            fin = x[np.isfinite(x)]
            amax = np.float32(np.abs(fin).max()) if fin.size else np.float32(0)
            with np.errstate(over='ignore'):
                s = np.float32(1) if amax == 0 else np.float32(mx / amax)
            if not np.isfinite(s):
                s = np.float32(np.finfo(np.float32).max)
            with np.errstate(over='ignore', invalid='ignore'):
                return fp8(x * s, name, saturate) / s

        def same_bits(got, want, what):
            assert got.dtype == np.float32 and got.shape == want.shape, (what, got.dtype, got.shape, want.shape)
            bad = np.flatnonzero(got.view(np.uint32) != want.view(np.uint32))
            assert bad.size == 0, (what, bad.size, [(hex(i), hex(g), hex(w)) for i, g, w in
                   zip(np.asarray(inputs).reshape(-1)[bad[:5]].view(np.uint32), got.reshape(-1)[bad[:5]].view(np.uint32),
                       want.reshape(-1)[bad[:5]].view(np.uint32))])
        """

    /// Runs `quantize` and returns its output path.
    func quantize(_ input: String, _ format: String, saturate: Bool, scaling: String? = nil) throws -> String {
        let out = path("q-\(input)-\(format)-\(saturate)-\(scaling ?? "none").npy")
        var args = ["quantize", "--format", format]
        if !saturate { args.append("--no-saturate") }
        if let scaling { args += ["--scaling", scaling] }
        let r = try CLIRunner.run(args + [path(input), out])
        XCTAssertEqual(r.status, 0, "quantize \(args) \(input): \(r.stderr)")
        return out
    }

    func check(_ script: String) throws {
        let r = try CLIRunner.python("import numpy as np\n" + Self.referenceScript + "\n" + script, cwd: dir)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    }

    /// Every output bit equals the plain-NumPy rounding: 1-D and 3-D arrays, both formats,
    /// saturating and not (specials, subnormals, midpoints, overflow boundaries included).
    func testQuantizeMatchesIndependentRoundingBitForBit() throws {
        for input in ["flat.npy", "cube.npy"] {
            for format in ["e4m3", "e5m2"] {
                for saturate in [true, false] {
                    let out = try quantize(input, format, saturate: saturate)
                    try check(
                        """
                        inputs = np.load('\(input)')
                        same_bits(np.load('\(out)'), fp8(inputs, '\(format)', \(saturate ? "True" : "False")), '\(input) \(format) saturate=\(saturate)')
                        """)
                }
            }
        }
    }

    /// `--scaling tensor`: x · s rounded and divided by s, s = max/amax over the finite
    /// values (clamped to the largest finite float, 1 for an all-zero array), float32
    /// arithmetic throughout. `tiny.npy` (amax 3e-39) needs the clamp.
    func testTensorScalingMatchesIndependentRounding() throws {
        for input in ["cube.npy", "tiny.npy", "flat.npy"] {
            for format in ["e4m3", "e5m2"] {
                for saturate in [true, false] {
                    let out = try quantize(input, format, saturate: saturate, scaling: "tensor")
                    try check(
                        """
                        inputs = np.load('\(input)')
                        got = np.load('\(out)')
                        same_bits(got, tensor_scaled(inputs, '\(format)', \(saturate ? "True" : "False")), '\(input) \(format) tensor')
                        assert not np.isnan(got[~np.isnan(inputs) & np.isfinite(inputs)]).any(), 'NaN from a finite input'
                        """)
                }
            }
        }
    }

    /// The same outputs against ml_dtypes (`astype(float8_e4m3fn / float8_e5m2)`), which
    /// never saturates: the saturating output is ml_dtypes' value with overflow (NaN for
    /// E4M3, ±inf for E5M2, from a non-NaN input) clamped to ±max.
    func testQuantizeMatchesMLDtypesBitForBit() throws {
        try XCTSkipUnless(Self.hasMLDtypes, "ml_dtypes is not installed for python3 (pip install ml_dtypes)")
        for input in ["flat.npy", "cube.npy"] {
            for format in ["e4m3", "e5m2"] {
                for saturate in [true, false] {
                    let out = try quantize(input, format, saturate: saturate)
                    let scaled = try quantize(input, format, saturate: saturate, scaling: "tensor")
                    try check(
                        """
                        import ml_dtypes
                        dt = {'e4m3': ml_dtypes.float8_e4m3fn, 'e5m2': ml_dtypes.float8_e5m2}['\(format)']
                        mx = np.float32(FMT['\(format)'][3])
                        def ml(x):
                            with np.errstate(invalid='ignore', over='ignore'):
                                y = x.astype(dt).astype(np.float32)
                            if \(saturate ? "True" : "False"):
                                over = ~np.isnan(x) & (np.isnan(y) | np.isinf(y))
                                y[over] = np.copysign(mx, x[over])
                            return y
                        inputs = np.load('\(input)')
                        same_bits(np.load('\(out)'), ml(inputs), 'ml_dtypes \(input) \(format)')
                        fin = inputs[np.isfinite(inputs)]
                        s = np.float32(mx / np.float32(np.abs(fin).max()))
                        with np.errstate(over='ignore', invalid='ignore'):
                            same_bits(np.load('\(scaled)'), ml(inputs * s) / s, 'ml_dtypes tensor \(input) \(format)')
                        """)
                }
            }
        }
    }

    /// Bad input exits 2 with a message naming what is wrong and where.
    func testBadInputsExitTwoNamingTheProblem() throws {
        let unknown = try CLIRunner.run(["quantize", "--format", "e3m4", path("flat.npy"), path("o.npy")])
        XCTAssertEqual(unknown.status, 2, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("e3m4"), unknown.stderr)
        let scaling = try CLIRunner.run([
            "quantize", "--format", "e4m3", "--scaling", "block", path("flat.npy"), path("o.npy")
        ])
        XCTAssertEqual(scaling.status, 2, scaling.stderr)
        XCTAssertTrue(scaling.stderr.contains("--scaling"), scaling.stderr)
        let f8 = try CLIRunner.run(["quantize", "--format", "e4m3", path("f8.npy"), path("o.npy")])
        XCTAssertEqual(f8.status, 2, f8.stderr)
        XCTAssertTrue(f8.stderr.contains("f8.npy") && f8.stderr.contains("<f8"), f8.stderr)
        let missing = try CLIRunner.run(["quantize", "--format", "e5m2", path("nope.npy"), path("o.npy")])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("nope.npy"), missing.stderr)
        for r in [unknown, scaling, f8, missing] { XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("o.npy")))
    }
}

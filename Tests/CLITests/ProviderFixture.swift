import Foundation
import Harness
import XCTest

/// Helpers for the provider tests: the Python attnbench will use, and small providers
/// written into the test's temporary directory.
enum ProviderFixture {
    /// The interpreter attnbench picks (ATTNBENCH_PYTHON, the project's .venv, python3),
    /// if it can import `module`; nil otherwise.
    static func python(with module: String) -> String? {
        guard case .success(let choice) = PythonFinder.find(project: ProjectLocator.root()) else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: choice.path)
        p.arguments = ["-c", "import \(module)"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? choice.path : nil
    }

    /// Skips the test (with the reason) unless attnbench's Python has NumPy.
    static func requireNumPy() throws {
        guard python(with: "numpy") != nil else {
            throw XCTSkip(
                "the Python attnbench finds (ATTNBENCH_PYTHON, .venv, python3) has no NumPy; `make test` installs it")
        }
    }

    /// A protocol-speaking provider in plain Python whose behaviour the test chooses:
    /// `crash` exits with status 3 on its fourth run request, `hang` stops answering
    /// then, `garbage` greets with a line that is not JSON, `slow` takes 0.2 s per call
    /// and writes its pid to the file named by its second argument. O is all zeros, so
    /// only `slow` (whose accuracy nobody checks) would pass for attention.
    static let misbehaving = """
        import json, os, sys, time
        mode = sys.argv[1]
        if mode == "garbage":
            print("Hello, I am not JSON", flush=True)
            sys.stdin.read()
            sys.exit(0)
        if mode == "slow":
            open(sys.argv[2], "w").write(str(os.getpid()))
        print(json.dumps({"type": "hello", "protocol": 1, "name": mode}), flush=True)
        runs = 0
        for line in sys.stdin:
            r = json.loads(line)
            if r["type"] == "prepare":
                with open(r["out"], "wb") as f:
                    shape = (r["batch"], r["heads"], r["seq_len"], r["head_dim"])
                    header = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }" % (shape,)
                    header += " " * (63 - (10 + len(header)) % 64) + "\\n"
                    f.write(b"\\x93NUMPY\\x01\\x00" + len(header).to_bytes(2, "little") + header.encode())
                    f.write(bytes(4 * shape[0] * shape[1] * shape[2] * shape[3]))
                reply = {"type": "ready"}
            elif r["type"] == "run":
                runs += 1
                if mode == "crash" and runs > 3:
                    print("boom: simulated crash", file=sys.stderr, flush=True)
                    os._exit(3)
                if mode == "hang" and runs > 3:
                    time.sleep(3600)
                ns = []
                for _ in range(r["calls"]):
                    t = time.perf_counter_ns()
                    time.sleep(0.2 if mode == "slow" else 0.0001)
                    ns.append(time.perf_counter_ns() - t)
                reply = {"type": "timed", "ns": ns}
            else:
                reply = {"type": "released"}
            print(json.dumps(reply), flush=True)
        """

    /// Whether process `pid` is gone (or only a zombie no one will reap: not running).
    static func isGone(_ pid: Int32) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
}

import Foundation
import XCTest

/// The scratch directory a fuzz run keeps everything in, and the checks the fuzz target
/// makes after every command: exit status 0, 1 or 2, no signal, no hang, nothing created
/// outside the scratch directory (or outside the output directory the command was given),
/// and no input changed.
///
/// Layout: `in/` holds inputs, which must never change; `out/N/` is where command N may
/// write; `work/` is the commands' working directory, with TMPDIR, HOME and the host
/// profile cache inside the scratch directory too. Hostile names carry `marker`, so an
/// escape is found by looking for the marker in the directories an escape could reach.
final class FuzzSandbox {
    static let marker = "FUZZMARK"

    let root: URL
    var inputs: URL { root.appendingPathComponent("in") }
    var outputs: URL { root.appendingPathComponent("out") }
    var work: URL { root.appendingPathComponent("work") }
    private var counter = 0
    private var protected: [String: Data] = [:]

    init() throws {
        root = try CLIRunner.temporaryDirectory()
        for dir in ["in", "out", "work", "tmp", "home", "cache"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The environment of every command: scratch TMPDIR, HOME and cache, and a memory limit
    /// so that no mutant can make a command allocate more than a gigabyte.
    var environment: [String: String] {
        [
            "TMPDIR": root.appendingPathComponent("tmp").path, "HOME": root.appendingPathComponent("home").path,
            "ATTNBENCH_CACHE_DIR": root.appendingPathComponent("cache").path, "ATTNBENCH_MAX_MEMORY": "1GiB"
        ]
    }

    /// Writes an input under `in/` and returns its path; inputs are protected from then on.
    @discardableResult
    func input(_ data: Data, named name: String) throws -> String {
        let url = inputs.appendingPathComponent(name)
        try data.write(to: url)
        protected[url.path] = data
        return url.path
    }

    /// Records every file under `path` (inside `in/`) as protected, as it is now.
    func protect(_ path: URL) throws {
        let base = path.path
        for sub in try FileManager.default.subpathsOfDirectory(atPath: base) {
            let p = base + "/" + sub
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory), !isDirectory.boolValue {
                protected[p] = try Data(contentsOf: URL(fileURLWithPath: p))
            }
        }
    }

    /// A fresh directory command N may write into (it does not exist yet).
    func nextOutput() -> URL {
        counter += 1
        return outputs.appendingPathComponent("\(counter)")
    }

    /// Runs attnbench with `arguments` in `work/` and checks everything; `label` names the
    /// input in failures (with the seed and case, so a failure can be replayed and kept).
    @discardableResult
    func run(
        _ arguments: [String], environment extra: [String: String] = [:], label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> CLIRunner.Result {
        let r = try CLIRunner.run(arguments, cwd: work, environment: environment.merging(extra) { $1 }, timeout: 60)
        let what =
            "\(label)\nattnbench \(arguments.map { String(reflecting: $0) }.joined(separator: " "))\nstderr: \(r.stderr.prefix(600))"
        XCTAssertFalse(r.timedOut, "hang (killed after 60 s): \(what)", file: file, line: line)
        XCTAssertFalse(r.signaled, "killed by a signal: \(what)", file: file, line: line)
        XCTAssertTrue([0, 1, 2].contains(r.status), "exit status \(r.status): \(what)", file: file, line: line)
        for trace in ["Fatal error", "Stack dump", "Backtrace", "Current stack trace", "💣"] {
            XCTAssertFalse(r.stderr.contains(trace), "crash trace: \(what)", file: file, line: line)
        }
        checkIntegrity("after \(what)", file: file, line: line)
        return r
    }

    /// Nothing named with the marker outside the per-command output directories, and no
    /// protected input changed.
    func checkIntegrity(_ context: String, file: StaticString = #filePath, line: UInt = #line) {
        var places = [root, outputs, work]
        var up = root.deletingLastPathComponent()
        while up.path != "/" && places.count < 8 {
            places.append(up)
            up = up.deletingLastPathComponent()
        }
        places.append(URL(fileURLWithPath: "/"))
        for place in places {
            let escaped = ((try? FileManager.default.contentsOfDirectory(atPath: place.path)) ?? [])
                .filter { $0.contains(Self.marker) }
            XCTAssertEqual(
                escaped, [], "written outside its directory, into \(place.path): \(context)", file: file, line: line)
            for name in escaped { try? FileManager.default.removeItem(at: place.appendingPathComponent(name)) }
        }
        for (path, contents) in protected where (try? Data(contentsOf: URL(fileURLWithPath: path))) != contents {
            XCTFail("\(path) changed (or disappeared): \(context)", file: file, line: line)
            protected[path] = try? Data(contentsOf: URL(fileURLWithPath: path))
        }
    }
}

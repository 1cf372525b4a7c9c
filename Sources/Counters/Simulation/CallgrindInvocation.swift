import Foundation

/// One program run under `valgrind --tool=callgrind` with the cache and branch simulators,
/// collecting nothing until the program switches collection on with client requests.
///
/// The run is made as independent of the machine and the caller as Valgrind allows, so that
/// the same binary and input give the same counts everywhere:
/// - the program is started as `./NAME` from its own directory, with a fixed, minimal
///   environment (`LC_ALL=C` plus the variables in `passedVariables`), so the client's
///   stack and heap do not depend on where the checkout is or what the caller's shell holds;
///   `HOME` is unset and `VALGRIND_OPTS` not passed, so no one's `.valgrindrc` changes the run;
/// - the cache geometry is always given explicitly (`--I1`, `--D1`, `--LL`);
/// - `--instr-atstart=no`: nothing is simulated until the program asks, and starting
///   instrumentation empties the simulated caches, so the counted call starts cold;
/// - input goes through stdin, not arguments or paths.
/// - glibc's string functions are pinned (`glibcTunables`): Valgrind executes `rep stosb` and
///   `rep movsb` one byte per counted instruction and conditional branch, so a memset that
///   glibc happens to run with `rep stosb` (its choice depends on size thresholds that differ
///   between glibc versions) would count 4096 instructions for 4 KiB; with the thresholds
///   at their maximum, memset and memcpy use vector loops as they do below the thresholds.
/// - every allocation gets its own mapping (`glibc.malloc.mmap_threshold=0`), so each buffer
///   the kernel touches starts at the same offset within a page whatever the program
///   allocated before the call; with caches whose sets span at most a page (sets × line ≤
///   4 KiB), the simulated cache misses then do not move when unrelated code changes how
///   much the program allocates before the kernel call (measured: a 3 KB longer case id in
///   the request moved `DLmr` by 0.7 % and `Ir` by 143 before, nothing after).
/// Inside Valgrind the program sees Valgrind's synthetic CPUID (on any AVX2 host, the same
/// "GenuineIntel" Haswell description), so glibc's ifunc dispatch picks the same string
/// functions on Intel and AMD hosts.
public struct CallgrindInvocation: Sendable {
    public var valgrind: ValgrindInstallation
    /// The program to run (its directory becomes the working directory).
    public var program: URL
    public var arguments: [String]
    public var geometry: CacheGeometry
    /// Bytes written to the program's stdin.
    public var input: Data
    /// Wall-clock limit in seconds; the run is killed and fails beyond it.
    public var timeout: Double
    /// Extra variables for the program's environment.
    public var environment: [String: String]

    /// `GLIBC_TUNABLES` for the program: no `rep stosb`/`rep movsb` in glibc's memset/memcpy,
    /// and every allocation in its own mapping (`mmap_threshold=0`).
    public static let glibcTunables =
        "glibc.cpu.x86_rep_stosb_threshold=18446744073709551615:"
        + "glibc.cpu.x86_rep_movsb_threshold=18446744073709551615:glibc.malloc.mmap_threshold=0"

    /// Variables taken from the caller's environment when set: `VALGRIND_LIB` (where a
    /// relocated Valgrind keeps its tools) and the calibration hook `ATTNBENCH_SIM_EXTRA_WORK`.
    public static let passedVariables = ["VALGRIND_LIB", "ATTNBENCH_SIM_EXTRA_WORK"]

    public init(
        valgrind: ValgrindInstallation, program: URL, arguments: [String], geometry: CacheGeometry,
        input: Data, timeout: Double = 900, environment: [String: String] = [:]
    ) {
        self.valgrind = valgrind
        self.program = program
        self.arguments = arguments
        self.geometry = geometry
        self.input = input
        self.timeout = timeout
        self.environment = environment
    }

    /// Valgrind's options, then the program and its arguments; `outputFile` receives the profile.
    public func commandLine(outputFile: String, logFile: String) -> [String] {
        ["--tool=callgrind", "--collect-atstart=no", "--instr-atstart=no", "--cache-sim=yes", "--branch-sim=yes"]
            + geometry.valgrindArguments
            + ["--callgrind-out-file=\(outputFile)", "--log-file=\(logFile)", "./" + program.lastPathComponent]
            + arguments
    }

    /// The result of a successful run: the parsed profile and the raw file's text.
    public struct Outcome: Sendable {
        public var profile: CallgrindProfile
        public var text: String
        /// The program's stdout.
        public var output: String
    }

    /// Runs the program under callgrind and parses its profile. `shouldStop` is polled; when
    /// it returns true the run is killed. Fails with what went wrong: Valgrind's own error,
    /// the program's last words, a time-out, or an empty profile.
    public func run(shouldStop: @escaping () -> Bool = { false }) -> Result<Outcome, CounterFailure> {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("attnbench-callgrind-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            return .failure(CounterFailure(message: "cannot create \(scratch.path): \(error.localizedDescription)"))
        }
        defer { try? fm.removeItem(at: scratch) }
        let files = (
            profile: scratch.appendingPathComponent("callgrind.out"),
            log: scratch.appendingPathComponent("valgrind.log"),
            stdin: scratch.appendingPathComponent("stdin"), stdout: scratch.appendingPathComponent("stdout"),
            stderr: scratch.appendingPathComponent("stderr")
        )
        let process = Process()
        do {
            try input.write(to: files.stdin)
            fm.createFile(atPath: files.stdout.path, contents: nil)
            fm.createFile(atPath: files.stderr.path, contents: nil)
            process.standardInput = try FileHandle(forReadingFrom: files.stdin)
            process.standardOutput = try FileHandle(forWritingTo: files.stdout)
            process.standardError = try FileHandle(forWritingTo: files.stderr)
        } catch {
            return .failure(
                CounterFailure(
                    message: "cannot prepare the simulation's files in \(scratch.path): \(error.localizedDescription)"))
        }
        process.executableURL = URL(fileURLWithPath: valgrind.executable)
        process.arguments = commandLine(outputFile: files.profile.path, logFile: files.log.path)
        process.currentDirectoryURL = program.deletingLastPathComponent()
        var env = ["LC_ALL": "C", "GLIBC_TUNABLES": Self.glibcTunables]
        let caller = ProcessInfo.processInfo.environment
        for name in Self.passedVariables { if let value = caller[name] { env[name] = value } }
        process.environment = env.merging(environment) { $1 }
        do {
            try process.run()
        } catch {
            return .failure(
                CounterFailure(message: "cannot start \(valgrind.executable): \(error.localizedDescription)"))
        }
        let deadline = Date().addingTimeInterval(timeout)
        var killedBecause: String?
        while process.isRunning {
            if shouldStop() { killedBecause = "the run was interrupted" }
            if Date() > deadline { killedBecause = "it took longer than \(Int(timeout)) s" }
            if killedBecause != nil {
                process.terminate()
                process.waitUntilExit()
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        if let why = killedBecause { return .failure(CounterFailure(message: "the simulation was stopped: \(why)")) }
        let stdout = (try? String(contentsOf: files.stdout, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, process.terminationReason == .exit else {
            return .failure(
                CounterFailure(
                    message: Self.explainFailure(
                        status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                        log: (try? String(contentsOf: files.log, encoding: .utf8)) ?? "",
                        stderr: (try? String(contentsOf: files.stderr, encoding: .utf8)) ?? "")))
        }
        guard let text = try? String(contentsOf: files.profile, encoding: .utf8) else {
            return .failure(CounterFailure(message: "callgrind wrote no profile"))
        }
        do {
            return .success(Outcome(profile: try CallgrindProfile(parsing: text), text: text, output: stdout))
        } catch {
            return .failure(CounterFailure(message: "cannot read callgrind's profile: \(error.description)"))
        }
    }

    /// The most useful line for a user: the program's own error, else Valgrind's.
    static func explainFailure(status: Int32, signaled: Bool, log: String, stderr: String) -> String {
        let programLines = stderr.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let valgrindLines = log.split(separator: "\n").map { line -> String in
            // "==123== message" → "message"
            let s = String(line)
            guard s.hasPrefix("=="), let end = s.dropFirst(2).range(of: "== ") else { return s }
            return String(s[end.upperBound...])
        }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let unhandled = valgrindLines.first { $0.contains("unhandled instruction") || $0.contains("Illegal") }
        let how = signaled ? "was killed by signal \(status)" : "exited with status \(status)"
        if let unhandled {
            return
                "the simulation \(how): Valgrind cannot decode an instruction of the simulation build (\(unhandled)); "
                + "it must be an AVX2 build (ATTNBENCH_TARGET_CPU=haswell, see `make sim`)"
        }
        if let last = programLines.last { return "the simulation \(how): \(last)" }
        let fatal =
            valgrindLines.first { $0.lowercased().contains("fatal") || $0.contains("error") }
            ?? valgrindLines.last ?? "no message"
        return "the simulation \(how): \(fatal)"
    }
}

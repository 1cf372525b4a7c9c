import Foundation

/// The Valgrind that runs simulated counters: where it is and which version.
///
/// Found as `$ATTNBENCH_VALGRIND` when set (a custom build, or a deliberately missing one in
/// tests), else as `valgrind` on `PATH`. `locate()` fails with a reason a user can act on
/// (install it, fix the variable), and reports never show zero for what it could not count.
public struct ValgrindInstallation: Sendable, Equatable, Codable {
    /// The `valgrind` launcher.
    public var executable: String
    /// `valgrind --version`, e.g. `valgrind-3.19.0`.
    public var version: String

    /// The environment variable that overrides where Valgrind is.
    public static let environmentVariable = "ATTNBENCH_VALGRIND"

    /// A known installation.
    public init(executable: String, version: String) {
        self.executable = executable
        self.version = version
    }

    /// Finds Valgrind and asks its version; fails with the reason when it is missing, not
    /// executable, or does not answer.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Result<ValgrindInstallation, CounterFailure>
    {
        let path: String
        if let override = environment[environmentVariable], !override.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: override) else {
                return .failure(CounterFailure(message: "\(environmentVariable)=\(override) is not an executable file"))
            }
            path = override
        } else {
            let dirs = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
            guard let found = dirs.map({ $0 + "/valgrind" }).first(where: FileManager.default.isExecutableFile(atPath:))
            else {
                return .failure(
                    CounterFailure(
                        message: "Valgrind is not installed (no valgrind on PATH); install it "
                            + "(`apt-get install valgrind`, or `make deps`) to count simulated events"))
            }
            path = found
        }
        guard let version = run(path, ["--version"]), version.hasPrefix("valgrind") else {
            return .failure(CounterFailure(message: "\(path) --version did not answer like Valgrind"))
        }
        return .success(ValgrindInstallation(executable: path, version: version))
    }

    /// Why this CPU cannot run the simulation build (AVX2 + FMA, which Valgrind decodes; it
    /// cannot decode AVX-512), or nil when it can. Nil where /proc/cpuinfo is unreadable.
    public static func cpuProblem(cpuinfo: String = "/proc/cpuinfo") -> String? {
        guard let text = try? String(contentsOfFile: cpuinfo, encoding: .utf8) else { return nil }
        guard let flags = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let set = Set(flags.split(separator: " ").map(String.init))
        let missing = ["avx2", "fma"].filter { !set.contains($0) }
        guard !missing.isEmpty else { return nil }
        return "this CPU lacks \(missing.joined(separator: " and ")), which the simulation build (AVX2 + FMA) needs"
    }

    /// stdout of `executable arguments` when it exits 0, trimmed; nil otherwise.
    static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

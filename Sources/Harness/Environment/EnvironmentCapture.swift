import Foundation

/// The environment a run records: machine, OS, toolchain, PAPI and the project's commit.
public enum EnvironmentCapture {
    /// This machine's environment; `hostProfile` (the measured peaks, from `HostProfiler`)
    /// is recorded when given.
    public static func current(papiVersion: String?, hostProfile: HostPerformance? = nil) -> EnvironmentInfo {
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        return EnvironmentInfo(
            host: SystemInfo.hostName(), cpuModel: SystemInfo.cpuModel(), logicalCores: SystemInfo.logicalCores,
            caches: SystemInfo.cacheSizes(), governor: SystemInfo.governor(), kernel: SystemInfo.kernel(),
            swiftVersion: swiftVersion, papiVersion: papiVersion, gitCommit: gitCommit(),
            buildConfiguration: configuration, targetCPU: targetCPU, hostProfile: hostProfile)
    }

    /// The CPU the kernels were compiled for: this machine's (`native`), or the one named by
    /// `ATTNBENCH_TARGET_CPU` at build time.
    public static var targetCPU: String {
        #if ATTNBENCH_NATIVE_BUILD
        return "native (\(SystemInfo.cpuModel()))"
        #else
        return "portable (ATTNBENCH_TARGET_CPU at build time)"
        #endif
    }

    /// The compiler that built attnbench: the language version known at compile time,
    /// plus the exact toolchain on PATH when there is one (normally the one that built it).
    public static var swiftVersion: String {
        #if compiler(>=6.3)
        let built = "built with Swift 6.3 or later"
        #elseif compiler(>=6.0)
        let built = "built with Swift 6.x"
        #else
        let built = "built with Swift 5.x"
        #endif
        guard let line = swiftDriverVersion()?.split(separator: "\n").first else { return built }
        return "\(line) (\(built))"
    }

    /// `swift --version`. The driver leaves an empty `TemporaryDirectory.*` folder in the
    /// system temp directory every time it runs, so it runs with a private TMPDIR that is
    /// removed afterwards.
    static func swiftDriverVersion() -> String? {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("attnbench-swift-XXXXXX").path
        var template = Array(base.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        guard let dir = made else {
            return run(["swift", "--version"])
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return run(["swift", "--version"], environment: ["TMPDIR": dir])
    }

    /// `git rev-parse HEAD` (plus `-dirty` when the tree has changes) in the current
    /// directory, or nil when it is not a git checkout or git is missing.
    public static func gitCommit() -> String? {
        guard let head = run(["git", "rev-parse", "HEAD"]), !head.isEmpty else { return nil }
        let dirty = run(["git", "status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
        return head + (dirty ? "-dirty" : "")
    }

    static func run(_ args: [String], environment: [String: String] = [:]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

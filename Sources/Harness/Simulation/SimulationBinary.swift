import Counters
import Foundation

/// The build of attnbench that runs cases under Valgrind: the same sources compiled for
/// AVX2 + FMA (`ATTNBENCH_TARGET_CPU=haswell`; Valgrind cannot decode AVX-512) without DWARF
/// (Valgrind 3.19 cannot read the DWARF 5 in Swift 6.3 release binaries), in its own scratch
/// path so it never disturbs the main build. `make sim` (part of `make bench` and `make
/// test`) builds it:
///
///     ATTNBENCH_TARGET_CPU=haswell swift build -c release --product attnbench \
///         --scratch-path .build-sim -Xswiftc -gnone -Xlinker --strip-debug
///
/// attnbench finds it without flags: `$ATTNBENCH_SIM_BINARY` when set, else
/// `.build-sim/release/attnbench` in the first directory above the running executable (or
/// the working directory) that has one, which is the checkout it was built from. A build
/// older than any file under that checkout's `Sources/` or its `Package.swift` is refused as
/// stale, so counts always come from the code that is there.
public struct SimulationBinary: Sendable, Equatable {
    /// The executable.
    public var url: URL
    /// SHA-256 of its bytes.
    public var digest: String

    /// The executable's path as a run record shows it: relative to the working directory
    /// when it lies below it (`.build-sim/release/attnbench`), so that records and committed
    /// baselines do not carry one machine's directories; absolute otherwise.
    public var recordedPath: String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The environment variable that names the simulation build explicitly.
    public static let environmentVariable = "ATTNBENCH_SIM_BINARY"
    /// Scratch path of the simulation build, relative to the checkout.
    public static let scratchPath = ".build-sim"
    /// The executable inside the scratch path.
    public static let relativePath = scratchPath + "/release/attnbench"
    /// How it is built (for run records).
    public static let buildDescription =
        "release, ATTNBENCH_TARGET_CPU=haswell (AVX2 + FMA), no DWARF "
        + "(-Xswiftc -gnone -Xlinker --strip-debug)"
    /// The command that builds it.
    public static let buildCommand = "make sim"

    /// Finds the simulation build; fails with what is missing and how to get it.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        startingPoints: [URL]? = nil
    ) -> Result<SimulationBinary, CounterFailure> {
        let fm = FileManager.default
        if let explicit = environment[environmentVariable], !explicit.isEmpty {
            guard fm.isExecutableFile(atPath: explicit) else {
                return .failure(CounterFailure(message: "\(environmentVariable)=\(explicit) is not an executable file"))
            }
            return identify(URL(fileURLWithPath: explicit))
        }
        let starts = startingPoints ?? defaultStartingPoints()
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent(relativePath)
                if fm.isExecutableFile(atPath: candidate.path) {
                    if let stale = staleness(of: candidate, checkout: dir) { return .failure(stale) }
                    return identify(candidate)
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return .failure(
            CounterFailure(
                message: "no simulation build (\(relativePath)) above "
                    + starts.map(\.path).joined(separator: " or ")
                    + "; build it with `\(buildCommand)` in the checkout "
                    + "(or set \(environmentVariable))"))
    }

    /// The running executable's directory and the working directory.
    static func defaultStartingPoints() -> [URL] {
        var points: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            points.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        } else if let first = CommandLine.arguments.first {
            points.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        points.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return points
    }

    static func identify(_ url: URL) -> Result<SimulationBinary, CounterFailure> {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return .failure(CounterFailure(message: "cannot read the simulation build \(url.path)"))
        }
        return .success(SimulationBinary(url: url, digest: SHA256.hex(data)))
    }

    /// Why the build at `binary` is older than the checkout's sources, or nil when it is not.
    static func staleness(of binary: URL, checkout: URL) -> CounterFailure? {
        let fm = FileManager.default
        func modified(_ path: String) -> Date? {
            (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        guard let built = modified(binary.path) else { return nil }
        var newest: (path: String, date: Date)?
        func consider(_ path: String) {
            if let d = modified(path), d > (newest?.date ?? built) { newest = (path, d) }
        }
        consider(checkout.appendingPathComponent("Package.swift").path)
        let sources = checkout.appendingPathComponent("Sources")
        if let walker = fm.enumerator(atPath: sources.path) {
            for case let relative as String in walker { consider(sources.appendingPathComponent(relative).path) }
        }
        guard let newest else { return nil }
        let name =
            newest.path.hasPrefix(checkout.path + "/")
            ? String(newest.path.dropFirst(checkout.path.count + 1)) : newest.path
        return CounterFailure(
            message: "the simulation build \(binary.path) is older than \(name); rebuild it with "
                + "`\(buildCommand)` so simulated counts come from the current code")
    }
}

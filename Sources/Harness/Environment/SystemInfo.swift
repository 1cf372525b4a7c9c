import Foundation

/// Facts about the machine read from Linux's /proc and /sys (empty or "unknown" where
/// they cannot be read, e.g. on other systems).
public enum SystemInfo {
    public static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }

    /// Cache sizes of cpu0 by level name: `L1d`, `L1i`, `L2`, `L3`.
    public static func cacheSizes() -> [String: Int] {
        var out: [String: Int] = [:]
        let base = "/sys/devices/system/cpu/cpu0/cache"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: base) else { return out }
        for e in entries where e.hasPrefix("index") {
            func read(_ f: String) -> String? {
                (try? String(contentsOfFile: "\(base)/\(e)/\(f)", encoding: .utf8))?.trimmingCharacters(
                    in: .whitespacesAndNewlines)
            }
            guard let level = read("level"), let type = read("type"), let size = read("size") else { continue }
            let name = "L\(level)" + (type == "Data" ? "d" : type == "Instruction" ? "i" : "")
            var bytes = Int(size.filter(\.isNumber)) ?? 0
            if size.hasSuffix("K") { bytes *= 1024 } else if size.hasSuffix("M") { bytes *= 1 << 20 }
            out[name] = bytes
        }
        return out
    }

    public static func governor() -> String? {
        (try? String(contentsOfFile: "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static func kernel() -> String {
        var u = utsname()
        uname(&u)
        func field<T>(_ t: T) -> String {
            withUnsafeBytes(of: t) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(field(u.sysname)) \(field(u.release)) \(field(u.machine))"
    }

    /// Environment variable that replaces the machine's host name in run records and run
    /// directory names: tests run "several machines" on one, and clusters can name nodes
    /// by role. Must pass `hostNameProblem`.
    public static let hostVariable = "ATTNBENCH_HOST"

    /// The host name a run records: `ATTNBENCH_HOST` when set and valid, else the
    /// machine's short host name (up to the first dot).
    public static func hostName(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let override = environment[hostVariable], hostNameProblem(override) == nil { return override }
        let name = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        // It becomes part of a directory name: whatever the machine is called, keep it one harmless component.
        return hostNameProblem(name) == nil ? name : PathComponent.sanitized(name)
    }

    /// Why `name` cannot be a host name (it becomes part of a directory name): nil when it
    /// is 1–64 characters of letters, digits, `.`, `_` and `-`, not starting with `.` or `-`.
    public static func hostNameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { c in
            (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))) || c == "." || c == "_" || c == "-"
        }
        guard !name.isEmpty, name.count <= 64, allowed, !name.hasPrefix("."), !name.hasPrefix("-") else {
            return
                "'\(name)' is not a host name: use 1–64 letters, digits, '.', '_' or '-', not starting with '.' or '-'"
        }
        return nil
    }

    public static var logicalCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}

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
                (try? String(contentsOfFile: "\(base)/\(e)/\(f)", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
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

    public static func hostName() -> String {
        ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
    }

    public static var logicalCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}

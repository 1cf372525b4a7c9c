import Foundation

/// A provider process's resource usage as Linux reports it in `/proc/PID`: page faults
/// (`stat`, the whole process), context switches (summed over its threads) and its peak
/// resident set (`VmHWM`). Read before and after a case's samples, like attnbench's own
/// `getrusage` snapshots; nil where `/proc` is unavailable.
struct ProviderResources: Equatable {
    var pageFaults: Int
    var voluntaryContextSwitches: Int
    var involuntaryContextSwitches: Int
    var peakRSSBytes: Int

    static func read(pid: pid_t) -> ProviderResources? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3, minflt 10, majflt 12.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 9, let minor = Int(fields[7]), let major = Int(fields[9]) else { return nil }
        var voluntary = 0, involuntary = 0
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for task in tasks {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8) else {
                continue
            }
            voluntary += field("voluntary_ctxt_switches", in: text) ?? 0
            involuntary += field("nonvoluntary_ctxt_switches", in: text) ?? 0
        }
        return ProviderResources(
            pageFaults: minor + major, voluntaryContextSwitches: voluntary,
            involuntaryContextSwitches: involuntary,
            peakRSSBytes: (field("VmHWM", in: status) ?? 0) * 1024)
    }

    /// The number after `name:` in a `/proc/PID/status` text (kB for sizes).
    private static func field(_ name: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }

    /// Usage between `earlier` and this snapshot (the peak is this snapshot's).
    func usage(since earlier: ProviderResources) -> ResourceUsage {
        ResourceUsage(
            peakRSSBytes: peakRSSBytes, pageFaults: pageFaults - earlier.pageFaults,
            voluntaryContextSwitches: voluntaryContextSwitches - earlier.voluntaryContextSwitches,
            involuntaryContextSwitches: involuntaryContextSwitches - earlier.involuntaryContextSwitches)
    }
}

import Foundation

/// How much memory attnbench lets one command plan to use, and where that limit came
/// from (for messages).
///
/// Every size that reaches the kernels is turned into an estimate of the bytes a command
/// will allocate (`AttentionPlan.footprint`, `CaseMemory`, the .npy readers), and a
/// command refuses to start when the estimate exceeds the limit, instead of dying in the
/// allocator (or being killed by the kernel) halfway through. The default is three
/// quarters of the physical memory, or of the control group's limit when that is lower;
/// `--max-memory SIZE` or `ATTNBENCH_MAX_MEMORY=SIZE` change it (`none` turns it off).
public struct MemoryBudget: Equatable, Sendable {
    /// Bytes a command may plan to allocate.
    public var limitBytes: Int
    /// Where the limit comes from, as messages name it (`75% of physical memory (23.4 GiB)`).
    public var source: String

    public init(limitBytes: Int, source: String) {
        self.limitBytes = limitBytes
        self.source = source
    }

    /// Fraction of the machine's memory allowed by default.
    public static let defaultFraction = 0.75

    /// The environment variable that sets the limit when no option does.
    public static let environmentVariable = "ATTNBENCH_MAX_MEMORY"

    /// No limit (`--max-memory none`).
    public static let unlimited = MemoryBudget(limitBytes: Int.max, source: "no limit")

    /// The limit for this process: `ATTNBENCH_MAX_MEMORY` when set and valid, else
    /// `defaultFraction` of the memory available (physical or cgroup, the lower).
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> MemoryBudget {
        if let text = environment[environmentVariable], let budget = try? parse(text, source: environmentVariable) {
            return budget
        }
        let (available, what) = availableMemory()
        return MemoryBudget(
            limitBytes: Int(Double(available) * defaultFraction),
            source: "\(Int(defaultFraction * 100))% of \(what) (\(ByteSize.format(available)))")
    }

    /// A limit written as a size (`8GiB`, `512MiB`, bytes) or `none`; `source` names the
    /// option or variable it came from.
    public static func parse(_ text: String, source: String) throws(MemoryBudgetError) -> MemoryBudget {
        if ["none", "unlimited", "off"].contains(text.lowercased()) { return unlimited }
        guard let bytes = ByteSize.parse(text), bytes > 0 else {
            throw MemoryBudgetError(message: "\(source): '\(text)' is not a memory size (e.g. 8GiB, 512MiB, or none)")
        }
        return MemoryBudget(limitBytes: bytes, source: "\(source) \(text)")
    }

    /// Physical memory, or the cgroup (v2 or v1) limit when it is lower.
    static func availableMemory() -> (bytes: Int, what: String) {
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0
            else { continue }
            if limit < physical { return (limit, "the control group's memory limit") }
        }
        return (physical, "physical memory")
    }

    /// Nil when `bytes` fits the limit, else the reason `what` is refused: the size it
    /// needs, the limit, where the limit comes from and how to raise it. A nil `bytes`
    /// means the estimate itself overflowed.
    public func refusal(_ what: String, needs bytes: Int?, detail: String = "") -> String? {
        if let bytes, bytes <= limitBytes { return nil }
        let needed = bytes.map { "about \(ByteSize.format($0))" } ?? "more than 2^63 bytes"
        let parts = detail.isEmpty ? "" : " (\(detail))"
        return "\(what) needs \(needed) of memory\(parts), over the limit of \(ByteSize.format(limitBytes)) "
            + "(\(source)); raise it with --max-memory SIZE (or \(Self.environmentVariable)) if the machine has the memory"
    }
}

/// A memory limit that is not a size.
public struct MemoryBudgetError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

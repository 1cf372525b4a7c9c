import ArgumentParser
import Harness

/// `--max-memory`: the memory a command may plan to use (`MemoryBudget`), for the
/// commands that allocate according to their input (validate, list, run, attend,
/// quantize, speed).
struct MemoryOptions: ParsableArguments {
    @Option(
        name: .customLong("max-memory"),
        help: ArgumentHelp(
            "Refuse work needing more memory than this, e.g. 64GiB, or none (default: "
                + "\(Int(MemoryBudget.defaultFraction * 100))% of physical memory, or "
                + "\(MemoryBudget.environmentVariable)).", valueName: "size"))
    var maxMemory: String?

    func validate() throws {
        if let maxMemory, (try? MemoryBudget.parse(maxMemory, source: "--max-memory")) == nil {
            throw ValidationError("'\(maxMemory)' is not a memory size (e.g. 8GiB, 512MiB, or none)")
        }
    }

    /// The limit: `--max-memory`, else `MemoryBudget.standard()`.
    var budget: MemoryBudget {
        maxMemory.flatMap { try? MemoryBudget.parse($0, source: "--max-memory") } ?? .standard()
    }
}

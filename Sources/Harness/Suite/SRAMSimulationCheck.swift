import Counters

/// `measure.sim_cache: sram` sizes the simulated last level to each case's SRAM, so every
/// case that simulates must have one (`sram` or `profile`) of a size Valgrind can simulate.
enum SRAMSimulationCheck {
    static func diagnostics(_ cases: [SuiteCase], suite: Suite) -> [SuiteDiagnostic] {
        let measure = suite.measure
        guard measure.simCache.isSRAM, measure.counters.contains(where: SimulatedEvent.isSimulated) else { return [] }
        let location = suite.simCacheLocation ?? .wholeFile(suite.file)
        var result: [SuiteDiagnostic] = []
        let without = cases.filter { $0.parameters.sramBytes == nil }
        if let first = without.first {
            result.append(
                SuiteDiagnostic(
                    .invalidConfiguration, at: location,
                    "sim_cache: sram sizes the simulated last level to each case's SRAM, but \(without.count) case"
                        + "\(without.count == 1 ? " has" : "s have") neither sram nor profile (e.g. \(first.id))"))
        }
        let sizes = Set(cases.compactMap(\.parameters.sramBytes)).sorted()
        for bytes in sizes where SimCacheSpec.sramLastLevel(bytes: bytes) == nil {
            result.append(
                SuiteDiagnostic(
                    .invalidConfiguration, at: location,
                    "sim_cache: sram cannot simulate an SRAM of \(bytes) bytes (it must be a multiple of 64-byte lines "
                        + "that splits into a power-of-two number of sets)"))
        }
        return result
    }
}

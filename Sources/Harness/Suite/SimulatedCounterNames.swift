import Counters
import Yams

/// Suite-file checks for simulated counters: `sim::` names in `measure.counters` must be
/// events callgrind simulates, and `measure.sim_cache` must describe caches Valgrind accepts.
enum SimulatedCounterNames {
    /// Reports a `sim::` name that is not a simulated event, suggesting the nearest one.
    static func check(_ name: String, at node: Node, reader: SuiteNodeReader) {
        guard SimulatedEvent.isSimulated(name), SimulatedEvent.named(name) == nil else { return }
        let known = SimulatedEvent.all.map(\.name)
        reader.report(
            .unknownValue, at: node,
            "unknown simulated event '\(name)'" + NearestName.hint(for: name, among: known)
                + "; valid: \(known.joined(separator: ", "))")
    }

    /// `sim_cache: host | sram | {I1: SIZE/WAYS/LINE, D1: …, LL: SIZE/WAYS/LINE | sram}`.
    static func simCache(_ node: Node, reader: SuiteNodeReader) -> SimCacheSpec? {
        let result: Result<SimCacheSpec, SimCacheSpecError>
        if case .mapping = node {
            var levels: [String: String] = [:]
            for entry in reader.entries(of: node, allowed: ["I1", "D1", "LL"], what: "sim_cache") {
                guard let value = reader.string(entry.value, what: "sim_cache.\(entry.key)") else { continue }
                if case .failure(let e) = SimCacheSpec.make([entry.key: value]) {
                    reader.report(.badQuantity, at: entry.value, "sim_cache: \(e.description)")
                    continue
                }
                levels[entry.key] = value
            }
            result = SimCacheSpec.make(levels)
        } else {
            guard let text = reader.string(node, what: "sim_cache") else { return nil }
            result = SimCacheSpec.parse(text)
        }
        switch result {
        case .success(let spec): return spec
        case .failure(let e):
            reader.report(
                .badQuantity, at: node,
                "sim_cache must be host, sram or a mapping of I1, D1, LL to "
                    + "SIZE/WAYS/LINE such as 32KiB/8/64 (\(e.description))")
            return nil
        }
    }
}

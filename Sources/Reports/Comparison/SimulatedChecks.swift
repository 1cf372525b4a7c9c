import Counters
import Harness

/// How `compare` treats simulated counters (`sim::Ir`, `sim::LLmr`, …): as deterministic
/// metrics, like modeled bytes. The same build and case give the same counts on any
/// machine, so they gate even on noisy shared runners. Every simulated counter either run
/// requested is checked with a relative tolerance either way: the suite's `checks:
/// {"sim::*": {tolerance: 1%}}`, default 1 %, unless the suite names that counter itself.
/// A simulated counter the base has and the current run lacks fails (Valgrind can be
/// installed on any Linux x86-64 runner; a gate that silently stops counting is no gate).
public enum SimulatedChecks {
    /// The check name that sets the rule for every simulated counter.
    public static let wildcard = "sim::*"
    /// The tolerance when the suite sets none: absorbs what can legitimately differ between
    /// machines running the same build (see docs/ci.md), far below what a code change moves.
    public static let defaultTolerance = 0.01
    /// Functions listed per changed case.
    public static let listedFunctions = 5

    static func isSimulated(_ counter: String) -> Bool { SimulatedEvent.isSimulated(counter) }

    /// `checks` with `sim::*` replaced by one check per simulated counter requested in either run.
    static func expand(_ checks: [String: CheckSpec], base: RunRecord, current: RunRecord) -> [String: CheckSpec] {
        var out = checks
        let rule = out.removeValue(forKey: wildcard) ?? CheckSpec(tolerance: defaultTolerance)
        var seen = Set<String>()
        for name in (base.counters.requested + current.counters.requested)
        where isSimulated(name) && seen.insert(name).inserted {
            if out[name] == nil && out["counter:" + name] == nil { out[name] = rule }
        }
        return out
    }

    /// Warnings about the simulations themselves.
    static func warnings(base: RunRecord, current: RunRecord) -> [ComparisonWarning] {
        var out: [ComparisonWarning] = []
        if let reason = current.simulation?.unavailableReason, base.simulation?.unavailableReason == nil {
            out.append(.simulationUnavailable(reason: reason))
        }
        if let b = base.simulation, let c = current.simulation, b.unavailableReason == nil, c.unavailableReason == nil {
            let describe = { (s: SimulationSource) in
                "\(s.valgrindVersion ?? "?"), caches \(s.geometry?.text ?? s.cacheSetting)"
            }
            if describe(b) != describe(c) { out.append(.simulationDiffers(base: describe(b), current: describe(c))) }
        }
        return out
    }

    /// The functions whose own instruction counts changed most, when the case's `sim::Ir`
    /// differs between the runs; nil when it does not (or a side was not simulated).
    static func functionChanges(base: CaseRecord, current: CaseRecord) -> [FunctionChange]? {
        guard let b = base.simulation, let c = current.simulation, let bi = b.totals["Ir"], let ci = c.totals["Ir"],
            bi != ci
        else { return nil }
        func key(_ f: SimulatedFunction) -> String { f.object + "\u{1F}" + f.name }
        let before = Dictionary(b.functions.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(c.functions.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        // Records keep only the most expensive functions: a function missing from a full list
        // may still have run there, below that list's smallest entry, so it is compared only
        // when its count on the other side is above that entry (then it surely changed).
        func floor(_ list: [SimulatedFunction]) -> Int64? {
            list.count >= SimulatedFunction.kept ? list.map(\.ir).min() : nil
        }
        let floors = (before: floor(b.functions), after: floor(c.functions))
        let changes = Set(before.keys).union(after.keys).compactMap { k -> FunctionChange? in
            guard let f = after[k] ?? before[k] else { return nil }
            if before[k] == nil, let min = floors.before, f.ir <= min { return nil }
            if after[k] == nil, let min = floors.after, f.ir <= min { return nil }
            let old = before[k]?.ir ?? 0, new = after[k]?.ir ?? 0
            return old == new ? nil : FunctionChange(name: f.name, object: f.object, baseIr: old, currentIr: new)
        }
        return Array(
            changes.sorted {
                abs($0.change) != abs($1.change) ? abs($0.change) > abs($1.change) : $0.name < $1.name
            }.prefix(listedFunctions))
    }
}

/// One function's instruction count in both runs (0 where it did not run, or ran too little
/// to be among a run's most expensive functions while the other run's count exceeds them).
public struct FunctionChange: Encodable, Equatable, Sendable {
    public var name: String
    public var object: String
    public var baseIr: Int64
    public var currentIr: Int64
    /// currentIr − baseIr.
    public var change: Int64 { currentIr - baseIr }

    private enum CodingKeys: String, CodingKey { case name, object, baseIr, currentIr, change }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(object, forKey: .object)
        try c.encode(baseIr, forKey: .baseIr)
        try c.encode(currentIr, forKey: .currentIr)
        try c.encode(change, forKey: .change)
    }
}

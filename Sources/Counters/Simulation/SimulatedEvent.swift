/// The counters Valgrind's callgrind tool simulates, named as Valgrind names them with a
/// `sim::` prefix (`sim::Ir`, `sim::D1mr`, …), so a suite can list them in
/// `measure.counters` next to PAPI events.
///
/// Each is computed from the event totals of one callgrind output file. `sim::LLmr` and
/// `sim::LLmw` are cachegrind's summary names: last-level misses of instruction fetches and
/// data reads together (`ILmr + DLmr`), and of data writes (`DLmw`).
public struct SimulatedEvent: Sendable, Equatable, Hashable {
    /// The name a suite uses, e.g. `sim::Ir`.
    public let name: String
    /// The callgrind events summed to give it, e.g. `["ILmr", "DLmr"]` for `sim::LLmr`.
    public let callgrindEvents: [String]
    /// What it counts, for `attnbench counters` and reports.
    public let description: String

    /// The prefix that marks a simulated event.
    public static let prefix = "sim::"

    /// Every simulated event, in the order `attnbench counters` lists them.
    public static let all: [SimulatedEvent] = [
        SimulatedEvent(name: "sim::Ir", callgrindEvents: ["Ir"], description: "instructions executed"),
        SimulatedEvent(name: "sim::Dr", callgrindEvents: ["Dr"], description: "data reads (memory loads)"),
        SimulatedEvent(name: "sim::Dw", callgrindEvents: ["Dw"], description: "data writes (memory stores)"),
        SimulatedEvent(
            name: "sim::I1mr", callgrindEvents: ["I1mr"], description: "first-level instruction cache misses"),
        SimulatedEvent(name: "sim::D1mr", callgrindEvents: ["D1mr"], description: "first-level data cache read misses"),
        SimulatedEvent(
            name: "sim::D1mw", callgrindEvents: ["D1mw"], description: "first-level data cache write misses"),
        SimulatedEvent(
            name: "sim::LLmr", callgrindEvents: ["ILmr", "DLmr"],
            description: "last-level misses of instruction fetches and data reads (ILmr + DLmr)"),
        SimulatedEvent(name: "sim::LLmw", callgrindEvents: ["DLmw"], description: "last-level data write misses"),
        SimulatedEvent(
            name: "sim::ILmr", callgrindEvents: ["ILmr"], description: "last-level instruction fetch misses"),
        SimulatedEvent(name: "sim::DLmr", callgrindEvents: ["DLmr"], description: "last-level data read misses"),
        SimulatedEvent(
            name: "sim::DLmw", callgrindEvents: ["DLmw"],
            description: "last-level data write misses (same as sim::LLmw)"),
        SimulatedEvent(name: "sim::Bc", callgrindEvents: ["Bc"], description: "conditional branches executed"),
        SimulatedEvent(name: "sim::Bcm", callgrindEvents: ["Bcm"], description: "conditional branches mispredicted"),
        SimulatedEvent(name: "sim::Bi", callgrindEvents: ["Bi"], description: "indirect branches executed"),
        SimulatedEvent(name: "sim::Bim", callgrindEvents: ["Bim"], description: "indirect branches mispredicted")
    ]

    /// The event called `name`, or nil when it is not a simulated event this version knows.
    public static func named(_ name: String) -> SimulatedEvent? {
        all.first { $0.name == name }
    }

    /// Whether `name` asks for a simulated event (known or not): it starts with `sim::`.
    public static func isSimulated(_ name: String) -> Bool {
        name.hasPrefix(prefix)
    }

    /// Names that start with `sim::` but are not simulated events, in order.
    public static func unknownNames(in names: [String]) -> [String] {
        names.filter { isSimulated($0) && named($0) == nil }
    }

    /// This event's count from callgrind's event totals; nil when an event it needs is
    /// not in the file (e.g. a run without `--branch-sim=yes`).
    public func value(in totals: [String: Int64]) -> Int64? {
        var sum: Int64 = 0
        for event in callgrindEvents {
            guard let count = totals[event] else { return nil }
            sum += count
        }
        return sum
    }
}

import Foundation

@testable import Counters

/// A backend whose behaviour tests choose: which events exist, how many fit in one set,
/// and what each stop returns (each event counts 1 per start/stop, or 7 for "fake::SEVEN").
final class FakeBackend: CounterBackend, @unchecked Sendable {
    let known: Set<String>
    let capacity: Int
    let failOpenOnThreadsOtherThanMain: Bool
    private let lock = NSLock()
    private var _opened = 0
    private var _closed = 0
    private var _exits = 0

    init(known: Set<String>, capacity: Int = 8, failOpenOnThreadsOtherThanMain: Bool = false) {
        self.known = known
        self.capacity = capacity
        self.failOpenOnThreadsOtherThanMain = failOpenOnThreadsOtherThanMain
    }

    var versionDescription: String? { "Fake 1.0" }
    var unavailableReason: CounterFailure? { nil }
    var hypervisor: String? { "FakeVisor" }

    var opened: Int { lock.withLock { _opened } }
    var closed: Int { lock.withLock { _closed } }
    var exits: Int { lock.withLock { _exits } }

    func openCounter(events: [String]) -> Result<any ThreadEventCounter, CounterFailure> {
        if failOpenOnThreadsOtherThanMain && !Thread.isMainThread {
            return .failure(CounterFailure(code: -3, message: "A System/C library call failed"))
        }
        if let unknown = events.first(where: { !known.contains($0) }) {
            return .failure(CounterFailure(code: -7, message: "Event does not exist: \(unknown)"))
        }
        if events.count > capacity {
            return .failure(
                CounterFailure(
                    code: -8, message: "Event exists, but cannot be counted due to counter resource limitations"))
        }
        lock.withLock { _opened += 1 }
        return .success(FakeCounter(events: events, backend: self))
    }

    func threadWillExit() { lock.withLock { _exits += 1 } }

    fileprivate func didClose() { lock.withLock { _closed += 1 } }
}

private final class FakeCounter: ThreadEventCounter {
    let events: [String]
    weak var backend: FakeBackend?
    var running = false
    var isClosed = false

    init(events: [String], backend: FakeBackend) {
        self.events = events
        self.backend = backend
    }

    func start() -> CounterFailure? {
        if running { return CounterFailure(code: -10, message: "EventSet is currently counting") }
        running = true
        return nil
    }

    func stop() -> Result<[Int64], CounterFailure> {
        guard running else { return .failure(CounterFailure(code: -9, message: "EventSet is currently not running")) }
        running = false
        return .success(events.map { $0 == "fake::SEVEN" ? 7 : 1 })
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        backend?.didClose()
    }
}

import Dispatch
import XCTest
import Counters

/// The way the harness is meant to use Counters, kept compiling and passing.
final class HarnessUsageTests: XCTestCase {
    func testTheHarnessFlow() {
        let session = CounterSession(events: ["perf::TASK-CLOCK", "PAPI_TOT_INS", "NOT_AN_EVENT"])
        // run record: session.collected, session.unavailable (event + reason),
        // session.hardwareCountersAvailable, session.note, PAPIVersion.current
        let counters = session.makeThreadCounters()  // pass as the kernels' WorkerObserver
        var samples: [(ProcessResourcesDelta, [String: Int64])] = []
        for _ in 0..<3 {
            counters.reset()
            let before = ProcessResources.now()
            DispatchQueue.concurrentPerform(iterations: 2) { w in  // what parallelFor does
                counters.begin(worker: w)
                BusyWork.spin(milliseconds: 2)
                counters.end(worker: w)
            }
            samples.append((ProcessResources.now().delta(since: before), counters.read()))
        }
        XCTAssertEqual(counters.problems(), [])
        XCTAssertEqual(samples.count, 3)
        for (_, values) in samples { XCTAssertEqual(Set(values.keys), Set(session.collected)) }
        XCTAssertEqual(Set(session.collected + session.unavailable.map(\.event)), Set(session.requested))
    }
}

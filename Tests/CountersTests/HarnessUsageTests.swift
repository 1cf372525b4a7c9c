import Counters
import Dispatch
import XCTest

/// The way the harness uses Counters (session → thread counters as the kernels' worker
/// observer → reset / run / read per sample), with what each step must deliver.
final class HarnessUsageTests: XCTestCase {
    func testTheHarnessFlow() {
        let session = CounterSession(events: ["perf::TASK-CLOCK", "PAPI_TOT_INS", "NOT_AN_EVENT"])
        // The run record takes: session.collected, session.unavailable (event + reason),
        // session.hardwareCountersAvailable, session.note, PAPIVersion.current.
        XCTAssertEqual(
            Set(session.collected + session.unavailable.map(\.event)), Set(session.requested),
            "every requested event is either collected or unavailable with a reason")
        XCTAssertTrue(session.unavailable.contains { $0.event == "NOT_AN_EVENT" && !$0.reason.isEmpty })
        let counters = session.makeThreadCounters()  // passed to the kernels as their WorkerObserver
        for sample in 0..<3 {
            counters.reset()
            let before = ProcessResources.now()
            DispatchQueue.concurrentPerform(iterations: 2) { w in  // what parallelFor does
                counters.begin(worker: w)
                BusyWork.spin(milliseconds: 2)  // 2 ms of this thread's own CPU time
                counters.end(worker: w)
            }
            let delta = ProcessResources.now().delta(since: before)
            let values = counters.read()
            // Two workers each burnt 2 ms of CPU: at least 4 ms of process CPU time, and at
            // least 2 ms of wall time (bounds by construction, not timings).
            XCTAssertGreaterThanOrEqual(delta.cpuNanoseconds, 4_000_000, "sample \(sample)")
            XCTAssertGreaterThanOrEqual(delta.wallNanoseconds, 2_000_000, "sample \(sample)")
            // Only collected events appear; an unavailable one is absent, never 0.
            XCTAssertEqual(Set(values.keys), Set(session.collected), "sample \(sample)")
            if let taskClock = values["perf::TASK-CLOCK"] {
                // Summed over both workers, and from zero after reset(): ≥ 4 ms, and no more
                // than two workers can be on a CPU during the sample. (Not "no more than the
                // process CPU time": on a VM the task clock also counts time the hypervisor
                // took the vCPU away while the thread ran, which the kernel's CPU time
                // accounting leaves out; measured here: 5.8 ms of task clock, 4.2 ms of CPU.)
                XCTAssertGreaterThanOrEqual(taskClock, 4_000_000, "sample \(sample)")
                XCTAssertLessThanOrEqual(
                    UInt64(taskClock), 2 * delta.wallNanoseconds + 1_000_000, "sample \(sample)")
            }
        }
        XCTAssertEqual(counters.problems(), [])
    }
}

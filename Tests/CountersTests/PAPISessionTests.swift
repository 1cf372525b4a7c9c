import Dispatch
import Foundation
import XCTest

@testable import Counters

/// Against the real PAPI of the machine running the tests; every assertion holds both
/// on a VM without a PMU and on a machine with one.
final class PAPISessionTests: XCTestCase {
    func testUnknownAndUncountableEventsAreUnavailableWithAReason() {
        let session = CounterSession(events: ["perf::TASK-CLOCK", "PAPI_TOT_INS", "NOT_AN_EVENT"])
        let reasons = session.unavailableReasons
        XCTAssertNotNil(reasons["NOT_AN_EVENT"])
        XCTAssertFalse(reasons["NOT_AN_EVENT", default: ""].isEmpty)
        XCTAssertFalse(session.collected.contains("NOT_AN_EVENT"))
        if session.hardwareCountersAvailable {
            XCTAssertTrue(session.collected.contains("PAPI_TOT_INS"))
            XCTAssertNil(session.note)
        } else {
            // No PMU: the event does not exist here, or (libpfm4 not knowing the CPU) the
            // whole perf_event component is disabled.
            let reason = reasons["PAPI_TOT_INS", default: ""]
            XCTAssertTrue(reason.contains("PAPI_ENOEVNT") || reason.contains("PAPI_ECMP_DISABLED"), "\(reasons)")
            XCTAssertTrue(session.note?.contains("no hardware performance counters") ?? false)
        }
        let counters = session.makeThreadCounters()
        counters.begin(worker: 0)
        BusyWork.spin(milliseconds: 5)
        counters.end(worker: 0)
        let values = counters.read()
        XCTAssertNil(values["NOT_AN_EVENT"], "an unavailable event must be absent, never zero")
        if !session.hardwareCountersAvailable { XCTAssertNil(values["PAPI_TOT_INS"]) }
        XCTAssertEqual(Set(values.keys), Set(session.collected))
    }

    func testTaskClockMatchesProcessCPUTimeOnOneThread() throws {
        let session = CounterSession(events: ["perf::TASK-CLOCK"])
        try XCTSkipIf(session.backend.unavailableReason != nil, "PAPI unavailable: \(session.note ?? "")")
        XCTAssertEqual(session.collected, ["perf::TASK-CLOCK"], "\(session.unavailable)")
        let counters = session.makeThreadCounters()
        counters.begin(worker: 0)  // first begin opens the event set; measure a later one
        counters.end(worker: 0)
        counters.reset()
        let before = ProcessResources.now()
        counters.begin(worker: 0)
        BusyWork.spin(milliseconds: 50)
        counters.end(worker: 0)
        let delta = ProcessResources.now().delta(since: before)
        let cpu = Double(delta.cpuNanoseconds)
        let taskClock = Double(counters.read()["perf::TASK-CLOCK"] ?? 0)
        // At least the CPU time, at most the elapsed time: on bare metal the two bounds meet;
        // on a VM the task clock also counts time the hypervisor took the vCPU away, which
        // the kernel's CPU time leaves out (measured here under host load: 1.55× CPU time).
        XCTAssertGreaterThanOrEqual(taskClock, 0.9 * cpu, "task clock \(taskClock) ns vs CPU \(cpu) ns")
        XCTAssertLessThanOrEqual(
            taskClock, Double(delta.wallNanoseconds) + 1e6,
            "task clock \(taskClock) ns vs wall \(delta.wallNanoseconds) ns")
        XCTAssertEqual(counters.problems(), [])
    }

    func testTaskClockSumsOverWorkerThreads() throws {
        let session = CounterSession(events: ["perf::TASK-CLOCK", "perf::PAGE-FAULTS"])
        try XCTSkipIf(session.backend.unavailableReason != nil, "PAPI unavailable: \(session.note ?? "")")
        XCTAssertEqual(session.collected, ["perf::TASK-CLOCK", "perf::PAGE-FAULTS"], "\(session.unavailable)")
        let counters = session.makeThreadCounters()
        DispatchQueue.concurrentPerform(iterations: 2) { w in  // open each thread's set
            counters.begin(worker: w)
            counters.end(worker: w)
        }
        counters.reset()
        let before = ProcessResources.now()
        for _ in 0..<2 {  // two parallel regions per sample, as a kernel with two passes does
            DispatchQueue.concurrentPerform(iterations: 2) { w in
                counters.begin(worker: w)
                BusyWork.spin(milliseconds: 25)
                counters.end(worker: w)
            }
        }
        let delta = ProcessResources.now().delta(since: before)
        let cpu = Double(delta.cpuNanoseconds)
        let taskClock = Double(counters.read()["perf::TASK-CLOCK"] ?? 0)
        XCTAssertGreaterThanOrEqual(taskClock, 90_000_000, "four 25 ms shares")
        // Both workers summed: at least the process's CPU time, at most two threads' worth of
        // elapsed time (see testTaskClockMatchesProcessCPUTimeOnOneThread for why not ≈ CPU).
        XCTAssertGreaterThanOrEqual(taskClock, 0.9 * cpu, "task clock \(taskClock) ns vs CPU \(cpu) ns")
        XCTAssertLessThanOrEqual(
            taskClock, 2 * Double(delta.wallNanoseconds) + 1e6,
            "task clock \(taskClock) ns vs wall \(delta.wallNanoseconds) ns")
        XCTAssertEqual(counters.problems(), [])
    }

    func testContextSwitchesCountInTheKernelDomainOrSayWhyNot() throws {
        let session = CounterSession(events: ["perf::CONTEXT-SWITCHES", "perf::TASK-CLOCK"])
        try XCTSkipIf(session.backend.unavailableReason != nil, "PAPI unavailable: \(session.note ?? "")")
        XCTAssertTrue(session.collected.contains("perf::TASK-CLOCK"))
        guard session.collected.contains("perf::CONTEXT-SWITCHES") else {
            XCTAssertTrue(session.unavailableReasons["perf::CONTEXT-SWITCHES", default: ""].contains("kernel domain"))
            return
        }
        let counters = session.makeThreadCounters()
        counters.begin(worker: 0)
        for _ in 0..<5 { usleep(1_000) }
        counters.end(worker: 0)
        XCTAssertGreaterThanOrEqual(counters.read()["perf::CONTEXT-SWITCHES"] ?? 0, 5)
    }

    func testManySessionsOpenAndCloseCleanly() throws {
        for _ in 0..<20 {
            let session = CounterSession(events: ["perf::TASK-CLOCK"])
            try XCTSkipIf(session.backend.unavailableReason != nil, "PAPI unavailable")
            let counters = session.makeThreadCounters()
            DispatchQueue.concurrentPerform(iterations: 2) { w in
                counters.begin(worker: w)
                counters.end(worker: w)
            }
            counters.close()
            counters.begin(worker: 0)  // after close: does nothing, does not crash
            counters.end(worker: 0)
            XCTAssertEqual(counters.problems(), [])
        }
    }

    func testShortLivedThreadsCountAndReleaseTheirEventSets() throws {
        let session = CounterSession(events: ["perf::TASK-CLOCK"])
        try XCTSkipIf(session.backend.unavailableReason != nil, "PAPI unavailable")
        let counters = session.makeThreadCounters()
        let fdsBefore = Self.openFileDescriptors()
        for _ in 0..<10 {
            FreshThread.run {
                counters.begin(worker: 0)
                BusyWork.spin(milliseconds: 2)
                counters.end(worker: 0)
            }
        }
        XCTAssertEqual(counters.problems(), [])
        XCTAssertGreaterThanOrEqual(counters.read()["perf::TASK-CLOCK"] ?? 0, 15_000_000)
        XCTAssertLessThanOrEqual(Self.openFileDescriptors(), fdsBefore + 2, "exited threads keep no perf fds open")
    }

    private static func openFileDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }

    func testVersionIsReported() throws {
        guard case .success = PAPIBackend.shared() else { throw XCTSkip("PAPI unavailable") }
        let version = try XCTUnwrap(PAPIVersion.current)
        XCTAssertEqual(version.split(separator: ".").count, 4)
        XCTAssertEqual(PAPIBackend.automatic().versionDescription, "PAPI \(version)")
    }
}

import XCTest

@testable import Counters

/// Software events routed to their own backend, everything else to PAPI, counts returned
/// in request order: the path taken on VMs where PAPI's perf_event component is disabled.
final class CombinedBackendTests: XCTestCase {
    func testSoftwareEventNamesAreRecognisedWithAndWithoutPrefix() {
        XCTAssertEqual(PerfSoftwareEvent(name: "perf::TASK-CLOCK")?.config, 1)
        XCTAssertEqual(PerfSoftwareEvent(name: "perf::task-clock")?.config, 1)
        XCTAssertEqual(PerfSoftwareEvent(name: "PAGE-FAULTS")?.config, 2)
        XCTAssertEqual(PerfSoftwareEvent(name: "perf::CS")?.kernelOnly, true)
        XCTAssertNil(PerfSoftwareEvent(name: "PAPI_TOT_INS"))
        XCTAssertNil(PerfSoftwareEvent(name: "perf::TASK-CLOCK:u=1"), "qualified names are PAPI's to parse")
        XCTAssertNil(PerfSoftwareEvent(name: "amd64::TASK-CLOCK"))
    }

    func testCountsComeBackInRequestOrderFromBothBackends() throws {
        let papi = FakeBackend(known: ["fake::SEVEN", "fake::ONE"])
        let software = FakeBackend(known: ["perf::TASK-CLOCK", "perf::PAGE-FAULTS"])
        let combined = CombinedBackend(primary: papi, software: software, reason: "test")
        let events = ["fake::SEVEN", "perf::TASK-CLOCK", "fake::ONE", "perf::PAGE-FAULTS"]
        let counter = try combined.openCounter(events: events).get()
        XCTAssertNil(counter.start())
        XCTAssertEqual(try counter.stop().get(), [7, 1, 1, 1])
        counter.close()
        XCTAssertEqual(papi.closed, 1)
        XCTAssertEqual(software.closed, 1)
    }

    func testAFailingSideClosesTheOtherAndNamesTheEvent() {
        let papi = FakeBackend(known: [])
        let software = FakeBackend(known: ["perf::TASK-CLOCK"])
        let combined = CombinedBackend(primary: papi, software: software, reason: "test")
        guard case .failure(let failure) = combined.openCounter(events: ["perf::TASK-CLOCK", "PAPI_TOT_INS"]) else {
            return XCTFail("PAPI_TOT_INS cannot open")
        }
        XCTAssertTrue(failure.message.contains("PAPI_TOT_INS"))
        XCTAssertEqual(software.opened, software.closed, "the software group opened first is closed again")
    }

    func testSessionOverCombinedBackendCollectsSoftwareEventsAndSaysHow() {
        let combined = CombinedBackend(
            primary: FakeBackend(known: []),
            software: FakeBackend(known: ["perf::TASK-CLOCK"]),
            reason: "PAPI's perf_event component is disabled (no PMU)")
        let session = CounterSession(events: ["perf::TASK-CLOCK", "PAPI_TOT_INS"], backend: combined)
        XCTAssertEqual(session.collected, ["perf::TASK-CLOCK"])
        XCTAssertEqual(session.unavailable.map(\.event), ["PAPI_TOT_INS"])
        XCTAssertTrue(
            session.note?.contains("perf_event_open because PAPI's perf_event component is disabled") ?? false,
            session.note ?? "no note")
    }

    /// The real kernel: a task clock over 20 ms of spinning reads about 20 ms.
    func testPerfSoftwareBackendCountsTheTaskClockOfThisThread() throws {
        let backend = PerfSoftwareBackend()
        if let reason = backend.unavailableReason {
            throw XCTSkip("perf_event_open refused here: \(reason)")
        }
        let counter = try backend.openCounter(events: ["perf::TASK-CLOCK"]).get()
        defer { counter.close() }
        XCTAssertNil(counter.start())
        BusyWork.spin(milliseconds: 20)
        let nanoseconds = try counter.stop().get()[0]
        XCTAssertGreaterThan(nanoseconds, 10_000_000)
        XCTAssertLessThan(nanoseconds, 2_000_000_000)
        guard case .failure = backend.openCounter(events: ["PAPI_TOT_INS"]) else {
            return XCTFail("only software events are this backend's")
        }
    }
}

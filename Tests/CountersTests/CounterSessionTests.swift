import Dispatch
import Foundation
import XCTest

@testable import Counters

/// Session planning and per-thread summing, against backends the tests control.
final class CounterSessionTests: XCTestCase {
    func testNullBackendMakesEveryEventUnavailableWithItsReason() {
        let reason = CounterFailure(code: -16, message: "PAPI hasn't been initialized yet")
        let session = CounterSession(events: ["PAPI_TOT_INS", "perf::TASK-CLOCK"], backend: NullBackend(reason: reason))
        XCTAssertEqual(session.collected, [])
        XCTAssertEqual(session.unavailable.map(\.event), ["PAPI_TOT_INS", "perf::TASK-CLOCK"])
        XCTAssertTrue(
            session.unavailable.allSatisfy { $0.reason == "PAPI hasn't been initialized yet (PAPI_ENOINIT, -16)" })
        XCTAssertFalse(session.hardwareCountersAvailable)
        XCTAssertTrue(session.note?.hasPrefix("PAPI is not available") ?? false)
        let counters = session.makeThreadCounters()
        counters.begin(worker: 0)
        counters.end(worker: 0)
        XCTAssertEqual(counters.read(), [:])
    }

    func testEventsThatDoNotFitInOneSetAreDroppedWithAReason() {
        let backend = FakeBackend(known: ["fake::A", "fake::B", "fake::C", "PAPI_TOT_CYC"], capacity: 2)
        let session = CounterSession(
            events: ["fake::A", "fake::B", "fake::A", "fake::C", "fake::NOPE"], backend: backend)
        XCTAssertEqual(session.requested, ["fake::A", "fake::B", "fake::C", "fake::NOPE"])
        XCTAssertEqual(session.collected, ["fake::A", "fake::B"])
        let reasons = session.unavailableReasons
        XCTAssertEqual(Set(reasons.keys), ["fake::C", "fake::NOPE"])
        XCTAssertTrue(reasons["fake::C", default: ""].contains("not in one event set with fake::A, fake::B"))
        XCTAssertTrue(reasons["fake::C", default: ""].contains("PAPI_ECNFLCT, -8"))
        XCTAssertTrue(reasons["fake::NOPE", default: ""].contains("PAPI_ENOEVNT, -7"))
        XCTAssertTrue(session.hardwareCountersAvailable)
        XCTAssertNil(session.note)
    }

    func testNoteNamesTheMissingPMUAndWhatIsStillCollected() {
        let session = CounterSession(events: ["sw::CLOCK", "PAPI_TOT_INS"], backend: FakeBackend(known: ["sw::CLOCK"]))
        XCTAssertFalse(session.hardwareCountersAvailable)
        XCTAssertEqual(
            session.note,
            "no hardware performance counters on this machine (virtualised by FakeVisor, "
                + "no PMU): PAPI_TOT_INS unavailable; software events are collected (sw::CLOCK)")
    }

    func testCountsFromEveryWorkerThreadAndRegionAreSummed() {
        let backend = FakeBackend(known: ["fake::ONE", "fake::SEVEN"])
        let counters = CounterSession(events: ["fake::ONE", "fake::SEVEN"], backend: backend).makeThreadCounters()
        let regions = 5, workers = 4
        for _ in 0..<regions {
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                counters.begin(worker: w)
                counters.end(worker: w)
            }
        }
        XCTAssertEqual(
            counters.read(), ["fake::ONE": Int64(regions * workers), "fake::SEVEN": Int64(7 * regions * workers)])
        XCTAssertEqual(counters.problems(), [])
        counters.reset()
        XCTAssertEqual(counters.read(), ["fake::ONE": 0, "fake::SEVEN": 0])
    }

    func testNestedBeginEndOnOneThreadCountsOnce() {
        let counters = CounterSession(events: ["fake::ONE"], backend: FakeBackend(known: ["fake::ONE"]))
            .makeThreadCounters()
        counters.begin(worker: 0)
        counters.begin(worker: 1)
        counters.end(worker: 1)
        counters.end(worker: 0)
        counters.end(worker: 0)  // unmatched end: ignored
        XCTAssertEqual(counters.read(), ["fake::ONE": 1])
        XCTAssertEqual(counters.problems(), [])
    }

    func testAThreadThatCannotOpenItsCountersIsReportedNotHidden() {
        let backend = FakeBackend(known: ["fake::ONE"], failOpenOnThreadsOtherThanMain: true)
        let counters = CounterSession(events: ["fake::ONE"], backend: backend).makeThreadCounters()
        FreshThread.run {
            counters.begin(worker: 1)
            counters.end(worker: 1)
        }
        XCTAssertEqual(counters.read(), ["fake::ONE": 0])
        XCTAssertEqual(counters.problems().count, 1)
        XCTAssertTrue(counters.problems().first?.contains("could not open its counters") ?? false)
    }

    func testAnExitingThreadClosesItsCountersAndTellsTheBackend() {
        let backend = FakeBackend(known: ["fake::ONE"])
        let counters = CounterSession(events: ["fake::ONE"], backend: backend).makeThreadCounters()
        FreshThread.run {
            counters.begin(worker: 0)
            counters.end(worker: 0)
        }
        XCTAssertEqual(counters.read(), ["fake::ONE": 1])
        XCTAssertEqual(backend.exits, 1)
        XCTAssertEqual(backend.closed, backend.opened, "the probes' counters and the worker's are all closed")
    }

    func testClosingReleasesEveryThreadsCounter() {
        let backend = FakeBackend(known: ["fake::ONE"])
        let counters = CounterSession(events: ["fake::ONE"], backend: backend).makeThreadCounters()
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            counters.begin(worker: w)
            counters.end(worker: w)
        }
        counters.close()
        XCTAssertEqual(backend.closed, backend.opened)
        counters.begin(worker: 0)
        counters.end(worker: 0)
        XCTAssertEqual(counters.read(), ["fake::ONE": 2])
    }
}

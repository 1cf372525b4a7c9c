import XCTest

@testable import Counters

final class ProcessResourcesTests: XCTestCase {
    func testCPUAndWallTimeGrowWithABusyLoop() {
        let before = ProcessResources.now()
        BusyWork.spin(milliseconds: 50)
        let delta = ProcessResources.now().delta(since: before)
        XCTAssertGreaterThanOrEqual(delta.cpuNanoseconds, 50_000_000)
        XCTAssertGreaterThanOrEqual(delta.wallNanoseconds, 50_000_000)
        XCTAssertGreaterThan(delta.userNanoseconds + delta.systemNanoseconds, 0)
    }

    func testPageFaultsGrowWhenTouchingFreshMemory() {
        let bytes = 64 << 20
        let before = ProcessResources.now()
        let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
        defer { memory.deallocate() }
        for offset in stride(from: 0, to: bytes, by: 4096) {
            memory.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self)
        }
        let after = ProcessResources.now()
        let delta = after.delta(since: before)
        // Transparent huge pages may serve 2 MiB per fault, so only ask for a few.
        XCTAssertGreaterThanOrEqual(delta.pageFaults, 16)
        XCTAssertGreaterThanOrEqual(after.peakRSSBytes, UInt64(bytes))
        XCTAssertEqual(delta.peakRSSBytes, after.peakRSSBytes)
    }

    func testSnapshotsAreMonotonicAndSane() {
        let a = ProcessResources.now()
        let b = ProcessResources.now()
        XCTAssertGreaterThanOrEqual(b.wallNanoseconds, a.wallNanoseconds)
        XCTAssertGreaterThanOrEqual(b.cpuNanoseconds, a.cpuNanoseconds)
        XCTAssertGreaterThan(a.peakRSSBytes, 1 << 20)
        let backwards = a.delta(since: b)
        XCTAssertEqual(backwards.cpuNanoseconds, 0, "a delta never goes negative")
    }

    func testContextSwitchesCountSleeps() {
        let before = ProcessResources.now()
        for _ in 0..<5 { usleep(1_000) }
        let delta = ProcessResources.now().delta(since: before)
        XCTAssertGreaterThanOrEqual(delta.voluntaryContextSwitches, 5)
        XCTAssertGreaterThanOrEqual(delta.contextSwitches, delta.voluntaryContextSwitches)
    }
}

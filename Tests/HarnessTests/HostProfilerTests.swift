import AttentionKernels
import XCTest

@testable import Harness

/// The host profile's figures are ceilings: a measurement taken while the machine is busy
/// must not replace a higher one of the same week.
final class HostProfilerTests: XCTestCase {
    private func profile(peak: Double, bandwidth: Double) -> HardwareProfile {
        HardwareProfile(
            name: "host", sramBytes: 1 << 21, bandwidth: bandwidth, peakFP32: peak, peakFP8: nil, source: "test")
    }

    func testALowerMeasurementKeepsThePreviousCeilings() {
        let busy = profile(peak: 88e9, bandwidth: 5e9)
        let quiet = profile(peak: 175e9, bandwidth: 14e9)
        let kept = HostProfiler.ceilings(busy, quiet)
        XCTAssertEqual(kept.peakFP32, 175e9)
        XCTAssertEqual(kept.bandwidth, 14e9)
        XCTAssertEqual(kept.sramBytes, busy.sramBytes)
    }

    func testEachFigureRisesOnItsOwn() {
        let kept = HostProfiler.ceilings(profile(peak: 180e9, bandwidth: 4e9), profile(peak: 170e9, bandwidth: 13e9))
        XCTAssertEqual(kept.peakFP32, 180e9)
        XCTAssertEqual(kept.bandwidth, 13e9)
    }

    func testWithoutAPreviousProfileTheMeasurementStands() {
        let measured = profile(peak: 120e9, bandwidth: 9e9)
        XCTAssertEqual(HostProfiler.ceilings(measured, nil), measured)
    }
}

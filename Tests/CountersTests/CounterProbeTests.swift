import XCTest

@testable import Counters

final class CounterProbeTests: XCTestCase {
    func testProbeListsWorkingEventsAndTellsTheTruthAboutHardwareCounters() throws {
        let probe = CounterProbe.run()
        try XCTSkipIf(probe.papiFailure != nil, "PAPI unavailable: \(probe.papiFailure ?? "")")
        XCTAssertNotNil(probe.papiVersion)
        XCTAssertFalse(probe.working.isEmpty, "at least the perf software events count everywhere")
        XCTAssertEqual(probe.event(named: "perf::TASK-CLOCK")?.works, true)

        let totIns = try XCTUnwrap(probe.event(named: "PAPI_TOT_INS"))
        XCTAssertEqual(totIns.works, probe.hardwareCountersAvailable)
        if !totIns.works { XCTAssertFalse(totIns.reason?.isEmpty ?? true) }
        XCTAssertEqual(probe.hardwareCountersAvailable, CounterSession(events: []).hardwareCountersAvailable)

        let text = probe.render()
        let firstLine = try XCTUnwrap(text.split(separator: "\n").first)
        XCTAssertTrue(firstLine.hasPrefix("Hardware performance counters: "))
        XCTAssertTrue(firstLine.contains(probe.hardwareCountersAvailable ? "yes" : "NONE"))
        XCTAssertTrue(text.contains("perf::TASK-CLOCK"))
        if !totIns.works { XCTAssertTrue(text.contains("PAPI_TOT_INS")) }
    }

    func testRenderGroupsFailuresByReasonAndWrapsNames() {
        let probe = CounterProbe(
            papiVersion: "7.0.0.0", papiFailure: nil, hardwareCountersAvailable: false, hardwareCounterSlots: 6,
            hypervisor: "KVMKVMKVM",
            components: [.init(index: 0, name: "perf_event", counterSlots: 6, disabledReason: nil)],
            presets: [
                .init(name: "PAPI_TOT_INS", description: "Instructions completed", reason: "no PMU (X, -7)"),
                .init(name: "PAPI_TOT_CYC", description: "Total cycles", reason: "no PMU (X, -7)")
            ],
            natives: [
                .init(name: "perf::TASK-CLOCK", description: "PERF_COUNT_SW_TASK_CLOCK", reason: nil),
                .init(name: "perf::CS", description: "PERF_COUNT_SW_CONTEXT_SWITCHES", reason: nil)
            ],
            nativesNotProbed: ["perf_raw": 1])
        let lines = probe.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(
            lines[0], "Hardware performance counters: NONE on this machine (virtualised by KVMKVMKVM, no PMU exposed).")
        XCTAssertTrue(lines.contains("Preset events that work here: 0 of 2"))
        XCTAssertTrue(lines.contains("Native events that work here: 2 of 2"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("  perf::CS") && $0.hasSuffix("[counted in user+kernel mode]") })
        XCTAssertTrue(lines.contains("  no PMU (X, -7) — 2 events:"))
        XCTAssertTrue(lines.contains("    PAPI_TOT_INS PAPI_TOT_CYC"))
        XCTAssertTrue(lines.contains { $0.contains("perf_raw: 1") })
    }

    func testRenderSaysWhenPAPIIsMissing() {
        let probe = CounterProbe(
            papiVersion: nil, papiFailure: "PAPI could not be initialised (PAPI_ESYS, -3)",
            hardwareCountersAvailable: false, hardwareCounterSlots: 0, hypervisor: nil,
            components: [], presets: [], natives: [], nativesNotProbed: [:])
        XCTAssertTrue(probe.render().hasPrefix("Hardware performance counters: unknown — PAPI is not available: "))
    }

    func testWrapKeepsLinesWithinWidth() {
        let words = (0..<50).map { "EVENT_\($0)" }
        let lines = CounterProbe.wrap(words, indent: "  ", width: 40)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 40 && $0.hasPrefix("  ") })
        XCTAssertEqual(lines.joined(separator: " ").split(separator: " ").map(String.init), words)
    }
}

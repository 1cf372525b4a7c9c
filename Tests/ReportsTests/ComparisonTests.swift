import AttentionKernels
import Harness
import TestFixtures
import XCTest

@testable import Reports

final class ComparisonTests: XCTestCase {
    let specs = Fixture.matrix()

    func testMatrixHasFiftyCases() {
        XCTAssertEqual(specs.count, 50)
        XCTAssertEqual(Set(specs.map(\.id)).count, 50, "ids must be unique")
    }

    func testAARunsFlagNothing() {
        // Three independent pairs of 50-case runs from the same distribution (3 % noise, 20 samples).
        for seed in UInt64(1)...3 {
            let base = Fixture.syntheticRun(specs, seed: seed)
            let current = Fixture.syntheticRun(specs, seed: seed + 100)
            let c = Comparison(base: base, current: current)
            XCTAssertEqual(c.count(.slower), 0, "A/A seed \(seed): \(c.summaryLine)")
            XCTAssertEqual(c.count(.faster), 0, "A/A seed \(seed)")
            XCTAssertEqual(c.count(.inconclusive), 0, "A/A seed \(seed)")
            XCTAssertEqual(c.count(.unchanged), 50)
            XCTAssertTrue(c.casesWithFailedChecks.isEmpty)
            XCTAssertEqual(c.exitStatus, 0)
            XCTAssertTrue(c.summaryLine.hasPrefix("✅ no regressions"), c.summaryLine)
        }
    }

    func testInjectedSlowdownIsFlaggedForExactlyThoseCases() {
        let slowed = Set([specs[3].id, specs[17].id, specs[33].id, specs[41].id, specs[48].id])
        let base = Fixture.syntheticRun(specs, seed: 11)
        let current = Fixture.syntheticRun(
            specs, seed: 12, slowdown: Dictionary(uniqueKeysWithValues: slowed.map { ($0, 1.15) }))
        // Single-invocation runs: their timing gates only under --strict.
        let c = Comparison(base: base, current: current, options: ComparisonOptions(strict: true))
        XCTAssertEqual(Set(c.slowerCases.map(\.id)), slowed, c.summaryLine)
        XCTAssertEqual(c.count(.unchanged), 45)
        XCTAssertEqual(c.exitStatus, 1)
        XCTAssertTrue(
            c.summaryLine.hasPrefix("❌ 5 regressions, 0 faster, 45 unchanged (alpha 0.05, threshold 10%)"),
            c.summaryLine)
        for id in slowed {
            let t = c.cases.first { $0.id == id }?.timing
            XCTAssertEqual(t?.relativeChange ?? 0, 0.15, accuracy: 0.03)
            XCTAssertGreaterThan(t?.ratioLow ?? 0, 1)
            XCTAssertLessThan(t?.pValue ?? 1, 0.05)
        }
        // Regressions come first in every rendering.
        XCTAssertEqual(Set(c.casesByAttention.prefix(5).map(\.id)), slowed)
    }

    func testSpeedupIsFasterAndDoesNotFail() {
        let id = specs[0].id
        let base = Fixture.syntheticRun(specs, seed: 21)
        let current = Fixture.syntheticRun(specs, seed: 22, slowdown: [id: 0.7])
        let c = Comparison(base: base, current: current)
        XCTAssertEqual(c.cases.filter { $0.verdict == .faster }.map(\.id), [id])
        XCTAssertEqual(c.exitStatus, 0)
    }

    func testThresholdAloneIsNotEnough() {
        // +25 % change of medians but 40 % noise on 6 samples: not significant → inconclusive.
        var rng = SplitMix64(seed: 5)
        let spec = Fixture.Spec()
        let base = Fixture.run([
            Fixture.caseRecord(spec, wallNs: Fixture.samples(median: 1e6, noise: 0.4, count: 6, rng: &rng))
        ])
        let current = Fixture.run([Fixture.caseRecord(spec, wallNs: [1.25e6, 0.6e6, 2.1e6, 0.9e6, 1.6e6, 1.2e6])])
        let c = Comparison(base: base, current: current)
        let t = c.cases[0].timing
        XCTAssertGreaterThan(abs(t?.relativeChange ?? 0), 0.10)
        XCTAssertEqual(c.cases[0].verdict, .inconclusive)
        XCTAssertEqual(c.exitStatus, 0)
    }

    func testSignificanceAloneIsNotEnough() {
        // A real, highly significant 4 % slowdown with 0.5 % noise stays below the 10 % threshold.
        let base = Fixture.syntheticRun([Fixture.Spec()], seed: 1, count: 30, noise: 0.005)
        let current = Fixture.syntheticRun(
            [Fixture.Spec()], seed: 2, count: 30, noise: 0.005,
            slowdown: [Fixture.Spec().id: 1.04])
        let c = Comparison(base: base, current: current)
        let t = c.cases[0].timing
        XCTAssertLessThan(t?.pValue ?? 1, 0.001)
        XCTAssertGreaterThan(t?.ratioLow ?? 0, 1)
        XCTAssertEqual(c.cases[0].verdict, .unchanged)
    }

    func testVerdictRuleDirectly() {
        func timing(_ change: Double, low: Double, high: Double, p: Double?) -> TimingComparison {
            TimingComparison(
                basis: p == nil ? .summaries : .samples, baseMedianNs: 100, currentMedianNs: 100 * (1 + change),
                baseCount: 10, currentCount: 10, ratioLow: low, ratioHigh: high, pValue: p, test: nil)
        }
        XCTAssertEqual(Verdict.timing(timing(0.2, low: 1.1, high: 1.3, p: 0.001), threshold: 0.1, alpha: 0.05), .slower)
        XCTAssertEqual(
            Verdict.timing(timing(0.2, low: 1.1, high: 1.3, p: 0.2), threshold: 0.1, alpha: 0.05), .inconclusive)
        XCTAssertEqual(
            Verdict.timing(timing(0.2, low: 0.9, high: 1.5, p: 0.001), threshold: 0.1, alpha: 0.05), .inconclusive)
        XCTAssertEqual(
            Verdict.timing(timing(0.05, low: 1.04, high: 1.06, p: 0.0001), threshold: 0.1, alpha: 0.05), .unchanged)
        XCTAssertEqual(
            Verdict.timing(timing(-0.3, low: 0.6, high: 0.8, p: 0.001), threshold: 0.1, alpha: 0.05), .faster)
        XCTAssertEqual(Verdict.timing(timing(0.2, low: 1.05, high: 1.4, p: nil), threshold: 0.1, alpha: 0.05), .slower)
    }

    func testNewAndMissingCases() {
        let base = Fixture.syntheticRun(Array(specs[0..<10]), seed: 1)
        let current = Fixture.syntheticRun(Array(specs[2..<12]), seed: 2)
        let c = Comparison(base: base, current: current)
        XCTAssertEqual(Set(c.cases.filter { $0.verdict == .new }.map(\.id)), Set([specs[10].id, specs[11].id]))
        XCTAssertEqual(Set(c.cases.filter { $0.verdict == .missing }.map(\.id)), Set([specs[0].id, specs[1].id]))
        XCTAssertEqual(c.count(.unchanged), 8)
        XCTAssertEqual(c.exitStatus, 0, "new and missing cases are reported, not failures")
        XCTAssertTrue(c.summaryLine.contains("2 new") && c.summaryLine.contains("2 missing"), c.summaryLine)
    }

    func testChangedHBMBytesFailsDeterministicCheck() throws {
        let base = Fixture.syntheticRun(Array(specs[0..<6]), seed: 1)
        var current = Fixture.syntheticRun(Array(specs[0..<6]), seed: 2)
        current.cases[2].traffic?.hbmReadBytes += 4096
        let c = Comparison(base: base, current: current, options: ComparisonOptions(timingGates: false))
        XCTAssertEqual(c.casesWithFailedChecks.map(\.id), [specs[2].id])
        let failed = try XCTUnwrap(c.casesWithFailedChecks.first?.failedChecks.first)
        XCTAssertEqual(failed.check, "hbm_bytes")
        XCTAssertTrue(failed.message.contains("must be exact"), failed.message)
        XCTAssertEqual(c.exitStatus, 1)
        XCTAssertTrue(c.summaryLine.hasPrefix("❌"), c.summaryLine)
        XCTAssertTrue(c.summaryLine.contains("1 case failing deterministic checks"), c.summaryLine)
    }

    func testAccuracyBoundsAndTolerances() {
        let spec = Fixture.Spec(precision: "fp8-e4m3")
        let base = Fixture.syntheticRun([spec], seed: 1, checks: ["rmse": CheckSpec(max: 1e-3)])
        var current = Fixture.syntheticRun([spec], seed: 2, checks: ["rmse": CheckSpec(max: 1e-3)])
        XCTAssertEqual(Comparison(base: base, current: current).exitStatus, 1, "fp8 rmse 2e-2 exceeds max 1e-3")
        let tolerant = ComparisonOptions(checkOverrides: ["rmse": CheckSpec(tolerance: 0.05)])
        current.cases[0].accuracy?.rmse *= 1.04
        XCTAssertEqual(Comparison(base: base, current: current, options: tolerant).exitStatus, 0)
        current.cases[0].accuracy?.rmse *= 1.04
        XCTAssertEqual(Comparison(base: base, current: current, options: tolerant).exitStatus, 1)
    }

    func testCountersCheckedExactlyAndSkippedWhenUnavailable() {
        let spec = Fixture.Spec()
        let counters = CounterAvailability(
            requested: ["PAPI_TOT_INS"], collected: ["PAPI_TOT_INS"], hardwareCounters: true)
        var rng = SplitMix64(seed: 1)
        let checks = ["counter:PAPI_TOT_INS": CheckSpec(exact: true)]
        let base = Fixture.run(
            [
                Fixture.caseRecord(
                    spec, wallNs: Fixture.samples(median: 1e6, noise: 0.01, count: 10, rng: &rng),
                    counters: ["PAPI_TOT_INS": 1000])
            ], checks: checks, counters: counters)
        let same = Fixture.run(
            [
                Fixture.caseRecord(
                    spec, wallNs: Fixture.samples(median: 1e6, noise: 0.01, count: 10, rng: &rng),
                    counters: ["PAPI_TOT_INS": 1000])
            ], checks: checks, counters: counters)
        let changed = Fixture.run(
            [
                Fixture.caseRecord(
                    spec, wallNs: Fixture.samples(median: 1e6, noise: 0.01, count: 10, rng: &rng),
                    counters: ["PAPI_TOT_INS": 1001])
            ], checks: checks, counters: counters)
        let missing = Fixture.run(
            [Fixture.caseRecord(spec, wallNs: Fixture.samples(median: 1e6, noise: 0.01, count: 10, rng: &rng))],
            checks: checks)
        XCTAssertEqual(Comparison(base: base, current: same).exitStatus, 0)
        XCTAssertEqual(Comparison(base: base, current: changed).exitStatus, 1)
        let skipped = Comparison(base: base, current: missing)
        XCTAssertEqual(skipped.exitStatus, 0, "a counter the current machine lacks is skipped, not failed")
        XCTAssertEqual(skipped.cases[0].checks.first?.outcome, .skipped)
    }

    func testTimingGatesOffOnlyDeterministicChecksGate() {
        let id = specs[5].id
        let base = Fixture.syntheticRun(specs, seed: 31)
        let current = Fixture.syntheticRun(specs, seed: 32, slowdown: [id: 1.3])
        let c = Comparison(base: base, current: current, options: ComparisonOptions(timingGates: false))
        XCTAssertEqual(c.slowerCases.map(\.id), [id])
        XCTAssertEqual(c.exitStatus, 0)
        XCTAssertTrue(c.warnings.contains(.timingNotGated))
        XCTAssertTrue(c.summaryLine.contains("1 slower (not gated)"), c.summaryLine)
        XCTAssertTrue(c.summaryLine.contains("timing not gated"), c.summaryLine)
    }

    func testThresholdComesFromSuiteChecksAndCanBeOverridden() {
        let id = specs[5].id
        let base = Fixture.syntheticRun(specs, seed: 41, checks: ["time": CheckSpec(maxRegression: 0.25)])
        let current = Fixture.syntheticRun(
            specs, seed: 42, slowdown: [id: 1.15], checks: ["time": CheckSpec(maxRegression: 0.25)])
        let fromSuite = Comparison(base: base, current: current)
        XCTAssertEqual(fromSuite.threshold, 0.25)
        XCTAssertEqual(fromSuite.count(.slower), 0)
        let overridden = Comparison(base: base, current: current, options: ComparisonOptions(threshold: 0.05))
        XCTAssertEqual(overridden.slowerCases.map(\.id), [id])
    }

    func testEnvironmentWarningsAndStrict() {
        let base = Fixture.syntheticRun(Array(specs[0..<4]), seed: 1)
        var current = Fixture.syntheticRun(Array(specs[0..<4]), seed: 2, host: "other-host")
        current.environment.buildConfiguration = "debug"
        current.suite.sha256 = String(repeating: "cd", count: 32)
        current.tool.version = "9.9.9"
        let lenient = Comparison(base: base, current: current)
        let kinds = lenient.warnings.map(\.kind)
        XCTAssertTrue(kinds.contains("host_differs"))
        XCTAssertTrue(kinds.contains("build_configuration_differs"))
        XCTAssertTrue(kinds.contains("suite_hash_differs"))
        XCTAssertTrue(kinds.contains("tool_version_differs"))
        XCTAssertTrue(lenient.warnings.contains(.hostDiffers(base: "bench-host", current: "other-host")))
        XCTAssertEqual(lenient.exitStatus, 0)
        let strict = Comparison(base: base, current: current, options: ComparisonOptions(strict: true))
        XCTAssertEqual(strict.exitStatus, 1)
        XCTAssertTrue(strict.summaryLine.contains("strict: runs differ in host"), strict.summaryLine)
    }

    func testBaselineWithoutSamplesUsesSummaries() {
        let id = specs[7].id
        let base = BaselineStore.strippingSamples(Fixture.syntheticRun(specs, seed: 51))
        XCTAssertTrue(base.cases.allSatisfy { $0.samples.isEmpty && $0.statistics["wall_ns"] != nil })
        let current = Fixture.syntheticRun(specs, seed: 52, slowdown: [id: 1.2])
        let c = Comparison(base: base, current: current)
        XCTAssertTrue(c.cases.compactMap(\.timing).allSatisfy { $0.basis == .summaries && $0.pValue == nil })
        XCTAssertEqual(c.slowerCases.map(\.id), [id])
        XCTAssertEqual(c.count(.unchanged), 49)
        XCTAssertTrue(c.warnings.contains(.timingFromSummaries(cases: 50)))
    }

    func testTooFewSamplesAreInconclusiveAndWarned() {
        let spec = Fixture.Spec()
        let base = Fixture.run([Fixture.caseRecord(spec, wallNs: [1.00e6, 1.01e6, 0.99e6])])
        let current = Fixture.run([Fixture.caseRecord(spec, wallNs: [1.30e6, 1.31e6, 1.29e6])])
        let c = Comparison(base: base, current: current)
        XCTAssertEqual(c.cases[0].verdict, .inconclusive, "three samples a side cannot reach p < 0.05")
        XCTAssertTrue(c.warnings.contains(.tooFewSamples(cases: 1, alpha: 0.05)))
    }

    func testFailedCaseFailsTheComparison() {
        let base = Fixture.syntheticRun(Array(specs[0..<3]), seed: 1)
        var current = Fixture.syntheticRun(Array(specs[0..<3]), seed: 2)
        current.cases[1].status = .failed
        let c = Comparison(base: base, current: current, options: ComparisonOptions(timingGates: false))
        XCTAssertEqual(c.cases[1].failedChecks.first?.check, "status")
        XCTAssertEqual(c.exitStatus, 1)
    }

    func testUnknownCheckIsWarned() {
        let base = Fixture.syntheticRun(Array(specs[0..<2]), seed: 1, checks: ["hbm_bites": CheckSpec(exact: true)])
        let c = Comparison(base: base, current: base)
        XCTAssertTrue(c.warnings.contains(.unknownCheck(name: "hbm_bites")))
    }

    func testComparisonIsDeterministic() {
        let base = Fixture.syntheticRun(Array(specs.prefix(10)), seed: 61)
        let current = Fixture.syntheticRun(Array(specs.prefix(10)), seed: 62)
        XCTAssertEqual(Comparison(base: base, current: current), Comparison(base: base, current: current))
    }

    func testThresholdParsing() {
        XCTAssertEqual(ComparisonOptions.parseFraction("10%"), 0.10)
        XCTAssertEqual(ComparisonOptions.parseFraction("2.5 %"), 0.025)
        XCTAssertEqual(ComparisonOptions.parseFraction("0.1"), 0.1)
        XCTAssertNil(ComparisonOptions.parseFraction("-5%"))
        XCTAssertNil(ComparisonOptions.parseFraction("ten"))
    }
}

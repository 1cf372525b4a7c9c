import AttentionKernels
import Harness
import TestFixtures
import XCTest

@testable import Reports

/// Timing verdicts on process invocations: the sign-flip test, `ab`'s paired comparison on
/// synthetic rounds, invocation-level `compare`, and the rule that single-invocation timing
/// does not gate unless strict.
final class InvocationComparisonTests: XCTestCase {
    func testSignFlipByHand() {
        // Six positive differences: only "all +" and "all −" reach |sum| 21 → 2/64.
        XCTAssertEqual(SignFlipTest.test([1, 2, 3, 4, 5, 6]).pValue, 2.0 / 64)
        // [1, −1]: every pattern has |sum| 0 or 2, and the observed one is 0 → p = 1.
        XCTAssertEqual(SignFlipTest.test([1, -1]).pValue, 1)
        // [3, 1, 1]: |sum| ≥ 5 only for (+,+,+) and (−,−,−) → 2/8.
        XCTAssertEqual(SignFlipTest.test([3, 1, 1]).pValue, 0.25)
        XCTAssertEqual(SignFlipTest.test([]).pValue, 1)
        XCTAssertEqual(SignFlipTest.smallestPossiblePValue(5), 0.0625)
        XCTAssertEqual(SignFlipTest.smallestPossiblePValue(6), 0.03125)
        // Above the exact limit: seeded random sign patterns, repeatable, never 0.
        let many = (1...20).map(Double.init)
        let sampled = SignFlipTest.test(many)
        XCTAssertEqual(sampled.method, .sampled)
        XCTAssertEqual(sampled.pValue, 1.0 / Double(1 + SignFlipTest.sampledAssignments))
        XCTAssertEqual(
            SignFlipTest.test(many.map { $0 * ($0.truncatingRemainder(dividingBy: 2) == 0 ? 1 : -1) }).method,
            .sampled)
    }

    /// Rounds as `ab` produces them: each round shifts both sides by a common machine
    /// effect (10 %), each side's round median gets 3 % of its own noise.
    func pairedRecords(rounds: Int, shift: Double, seed: UInt64) -> (RunRecord, RunRecord) {
        var rng = SplitMix64(seed: seed)
        let spec = Fixture.Spec()
        var base: [Sample] = [], current: [Sample] = []
        for round in 0..<rounds {
            let machine = 1 + 0.10 * Fixture.normal(&rng)
            for _ in 0..<4 {
                let b = 1e6 * machine * (1 + 0.03 * Fixture.normal(&rng))
                let c = 1e6 * shift * machine * (1 + 0.03 * Fixture.normal(&rng))
                base.append(Sample(wallNs: Int64(b), cpuNs: Int64(b), invocation: round))
                current.append(Sample(wallNs: Int64(c), cpuNs: Int64(c), invocation: round))
            }
        }
        var b = Fixture.caseRecord(spec, wallNs: [1e6]), c = Fixture.caseRecord(spec, wallNs: [1e6])
        b.samples = base
        c.samples = current
        return (Fixture.run([b]), Fixture.run([c]))
    }

    /// No difference: over 400 seeds with 8 rounds, the verdict is `unchanged` in at least
    /// 99 % (stated rate; the threshold of 10 % against 3 % noise makes it near 100 %), and
    /// the sign-flip test alone (threshold 0) rejects at most at its level: ≤ 5 % + 2.2 %
    /// (two standard errors over 400 trials). A 15 % slowdown is `slower` in at least 95 %.
    func testPairedVerdictOnSyntheticRounds() {
        let paired = ComparisonOptions(resamples: 300, pairedRounds: true)
        let seeds: [UInt64] = Array(1...400)
        var unchanged = 0, rejected = 0, slower = 0
        for seed in seeds {
            let (base, current) = pairedRecords(rounds: 8, shift: 1, seed: seed)
            let c = Comparison(base: base, current: current, options: paired)
            if c.cases[0].verdict == .unchanged { unchanged += 1 }
            if let p = c.cases[0].timing?.pValue, p < 0.05 { rejected += 1 }
            let (b2, c2) = pairedRecords(rounds: 8, shift: 1.15, seed: seed + 1000)
            if Comparison(base: b2, current: c2, options: paired).cases[0].verdict == .slower { slower += 1 }
        }
        XCTAssertGreaterThanOrEqual(Double(unchanged) / Double(seeds.count), 0.99)
        XCTAssertLessThanOrEqual(Double(rejected) / Double(seeds.count), 0.072)
        XCTAssertGreaterThanOrEqual(Double(slower) / Double(seeds.count), 0.95)
    }

    func testPairedComparisonNumbers() throws {
        let (base, current) = pairedRecords(rounds: 8, shift: 1.2, seed: 7)
        let c = Comparison(base: base, current: current, options: ComparisonOptions(pairedRounds: true))
        let t = try XCTUnwrap(c.cases[0].timing)
        XCTAssertEqual(t.basis, .rounds)
        XCTAssertEqual(t.test, .signFlip)
        XCTAssertEqual(t.baseInvocations, 8)
        XCTAssertEqual(t.baseCount, 32)
        XCTAssertEqual(t.relativeChange, 0.2, accuracy: 0.03)
        XCTAssertEqual(try XCTUnwrap(t.pValue), 2.0 / 256)
        XCTAssertTrue(t.ratioLow > 1 && t.ratioLow < 1.2 && t.ratioHigh > 1.2, "\(t.ratioLow) \(t.ratioHigh)")
        XCTAssertEqual(c.cases[0].verdict, .slower)
        XCTAssertTrue(c.cases[0].gatesOnTiming)
        XCTAssertEqual(c.exitStatus, 1)
        // Five rounds cannot reach 0.05: inconclusive, and a warning says why.
        let (b5, c5) = pairedRecords(rounds: 5, shift: 1.3, seed: 8)
        let few = Comparison(base: b5, current: c5, options: ComparisonOptions(pairedRounds: true))
        XCTAssertEqual(few.cases[0].verdict, .inconclusive)
        XCTAssertTrue(few.warnings.contains(.tooFewRounds(rounds: 5, alpha: 0.05)), "\(few.warnings)")
    }

    func testInvocationLevelCompareGatesByDefault() throws {
        let specs = Array(Fixture.matrix().prefix(8))
        let base = Fixture.multiInvocationRun(specs, seed: 1, invocations: 5)
        let current = Fixture.multiInvocationRun(specs, seed: 2, invocations: 5, slowdown: [specs[3].id: 1.3])
        let options = ComparisonOptions(resamples: 400)
        let c = Comparison(base: base, current: current, options: options)
        XCTAssertEqual(c.slowerCases.map(\.id), [specs[3].id], c.summaryLine)
        let t = try XCTUnwrap(c.slowerCases.first?.timing)
        XCTAssertEqual(t.basis, .invocations)
        XCTAssertEqual(t.baseInvocations, 5)
        XCTAssertEqual(t.baseCount, 40)
        XCTAssertEqual(try XCTUnwrap(t.pValue), 2.0 / 252, accuracy: 1e-12, "U test on 5 + 5 invocation medians")
        XCTAssertEqual(c.exitStatus, 1)
        XCTAssertTrue(c.summaryLine.hasPrefix("❌ 1 regression, 0 faster, 7 unchanged"), c.summaryLine)
        XCTAssertFalse(c.warnings.contains { $0.kind == "single_invocation" })
        // A baseline of it without samples keeps gating: the summaries say 5 invocations.
        let stripped = BaselineStore.strippingSamples(base)
        let fromSummaries = Comparison(base: stripped, current: current, options: options)
        XCTAssertEqual(fromSummaries.cases.first { $0.id == specs[3].id }?.timing?.basis, .summaries)
        XCTAssertEqual(fromSummaries.exitStatus, 1, fromSummaries.summaryLine)
        // Three invocations a side cannot reach p < 0.05 with the U test: warned, inconclusive.
        let three = Comparison(
            base: Fixture.multiInvocationRun(specs, seed: 3, invocations: 3),
            current: Fixture.multiInvocationRun(
                specs, seed: 4, invocations: 3,
                slowdown: [specs[3].id: 1.3]), options: options)
        XCTAssertEqual(three.cases.first { $0.id == specs[3].id }?.verdict, .inconclusive)
        XCTAssertTrue(three.warnings.contains { $0.kind == "too_few_invocations" }, "\(three.warnings)")
    }

    func testSingleInvocationWordingAndGatingRule() throws {
        let specs = Array(Fixture.matrix().prefix(4))
        let base = Fixture.syntheticRun(specs, seed: 1)
        let current = Fixture.syntheticRun(specs, seed: 2, slowdown: [specs[1].id: 1.5])
        let lenient = Comparison(base: base, current: current)
        let slowed = try XCTUnwrap(lenient.cases.first { $0.id == specs[1].id })
        XCTAssertEqual(slowed.verdict, .slower)
        XCTAssertEqual(slowed.note, "single invocation: between-process noise not measured")
        XCTAssertFalse(slowed.gatesOnTiming)
        XCTAssertEqual(lenient.exitStatus, 0)
        XCTAssertTrue(
            lenient.summaryLine.hasPrefix("✅ no regressions, 1 slower (single invocation, not gated)"),
            lenient.summaryLine)
        let warning = try XCTUnwrap(lenient.warnings.first { $0.kind == "single_invocation" })
        XCTAssertTrue(warning.message.contains("do not gate (--strict makes them gate)"), warning.message)
        let md = try ComparisonMarkdownRenderer().render(lenient)
        XCTAssertTrue(md.contains("| ⚠️ | `\(specs[1].id)` | slower |"), md)
        XCTAssertTrue(md.contains("single invocation: between-process noise not measured"), md)

        let strict = Comparison(base: base, current: current, options: ComparisonOptions(strict: true))
        XCTAssertEqual(strict.exitStatus, 1)
        XCTAssertTrue(strict.summaryLine.hasPrefix("❌ 1 regression"), strict.summaryLine)
        XCTAssertTrue(strict.cases.first { $0.id == specs[1].id }?.gatesOnTiming ?? false)
        // One side with invocations, the other without: still not measured between processes.
        let mixed = Comparison(base: Fixture.multiInvocationRun(specs, seed: 5, invocations: 5), current: current)
        XCTAssertEqual(mixed.exitStatus, 0, mixed.summaryLine)
        XCTAssertEqual(mixed.cases.first { $0.id == specs[1].id }?.timing?.basis, .samples)
    }
}

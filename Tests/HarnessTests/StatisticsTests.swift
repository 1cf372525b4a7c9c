import AttentionKernels
import XCTest

@testable import Harness

/// Summary statistics against hand-computed values, and the bootstrap CI's coverage.
final class StatisticsTests: XCTestCase {
    func testOddSetWithAnOutlier() throws {
        // [1, 2, 3, 4, 100]: mean 22; squared deviations 441+400+361+324+6084 = 7610, /4 = 1902.5;
        // p90: h = 4·0.9 = 3.6 → 4 + 0.6·96 = 61.6; |x − 3| = 2,1,0,1,97 → MAD 1;
        // outlier limit 3·1.4826·1 = 4.4478 → only 100 (index 4).
        let s = try XCTUnwrap(Summary(samples: [4, 100, 2, 3, 1].map(Double.init)))
        XCTAssertEqual(s.count, 5)
        XCTAssertEqual(s.median, 3)
        XCTAssertEqual(s.mean, 22)
        XCTAssertEqual(s.stddev, 1902.5.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(s.min, 1)
        XCTAssertEqual(s.max, 100)
        XCTAssertEqual(s.p90, 61.6, accuracy: 1e-12)
        XCTAssertEqual(s.mad, 1)
        XCTAssertEqual(s.cv, 1902.5.squareRoot() / 22, accuracy: 1e-12)
        XCTAssertEqual(s.outliers, [1])  // indices into the samples as given
        XCTAssertLessThanOrEqual(s.ciLow, s.median)
        XCTAssertGreaterThanOrEqual(s.ciHigh, s.median)
    }

    func testEvenSet() throws {
        // [1, 2, 3, 4]: median 2.5; variance 5/3; p90: h = 2.7 → 3.7; |x − 2.5| = 1.5, .5, .5, 1.5 → MAD 1.
        let s = try XCTUnwrap(Summary(samples: [1, 2, 3, 4]))
        XCTAssertEqual(s.median, 2.5)
        XCTAssertEqual(s.stddev, (5.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(s.p90, 3.7, accuracy: 1e-12)
        XCTAssertEqual(s.mad, 1)
        XCTAssertEqual(s.outliers, [])
    }

    func testDegenerateSets() throws {
        XCTAssertNil(Summary(samples: []))
        let one = try XCTUnwrap(Summary(samples: [5]))
        XCTAssertEqual(
            [one.median, one.mean, one.stddev, one.p90, one.mad, one.cv, one.ciLow, one.ciHigh],
            [5, 5, 0, 5, 0, 0, 5, 5])
        // MAD 0: flag nothing rather than everything that differs from the median.
        let flat = try XCTUnwrap(Summary(samples: [1, 1, 1, 1, 9]))
        XCTAssertEqual(flat.mad, 0)
        XCTAssertEqual(flat.outliers, [])
    }

    func testLinearQuantileMatchesNumPy() {
        // numpy.percentile([10, 20, 30, 40], [0, 25, 50, 90, 100]) = 10, 17.5, 25, 37, 40
        let x: [Double] = [10, 20, 30, 40]
        XCTAssertEqual([0, 0.25, 0.5, 0.9, 1].map { Quantile.linear(sorted: x, $0) }, [10, 17.5, 25, 37, 40])
    }

    func testBootstrapIsDeterministicAndInsideTheData() throws {
        let samples: [Double] = [3, 7, 1, 4, 4.5, 9, 2, 8, 5.5, 6, 3, 10, 0.5, 4, 7.5, 6, 2, 5, 8, 1.5, 9, 3.5, 6, 4, 5]
        func interval(_ x: [Double], seed: UInt64 = Summary.bootstrapSeed) -> (low: Double, high: Double) {
            var rng = Xoshiro256StarStar(seed: seed, stream: Summary.bootstrapStream)
            return Bootstrap().medianInterval(x, using: &rng)
        }
        let a = interval(samples)
        let b = interval(samples)
        XCTAssertEqual(a.low, b.low)
        XCTAssertEqual(a.high, b.high)
        let s = try XCTUnwrap(Summary(samples: samples))
        XCTAssertEqual(
            [s.min, s.ciLow, s.median, s.ciHigh, s.max].sorted(), [s.min, s.ciLow, s.median, s.ciHigh, s.max])
        // A different seed resamples differently (continuous data, so the ends move).
        var rng = GaussianSource(seed: 5)
        let continuous = (0..<25).map { _ in rng.nextNormal() }
        let c1 = interval(continuous, seed: 1), c2 = interval(continuous, seed: 2)
        XCTAssertTrue(c1.low != c2.low || c1.high != c2.high)
    }

    func testBootstrapIndicesAreUniform() {
        var rng = Xoshiro256StarStar(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[Bootstrap.index(below: 7, &rng)] += 1 }
        for c in counts { XCTAssertEqual(Double(c), 10_000, accuracy: 400) }
    }

    /// 200 sets of 30 draws from N(0, 1): the 95 % interval should contain the true
    /// median 0 in roughly 90–99 % of them.
    func testBootstrapCoverageOnSyntheticNormalData() {
        var covered = 0
        let sets = 200
        for set in 0..<sets {
            var rng = GaussianSource(seed: 1000 + UInt64(set))
            let samples = (0..<30).map { _ in rng.nextNormal() }
            var draws = Xoshiro256StarStar(seed: Summary.bootstrapSeed, stream: Summary.bootstrapStream)
            let ci = Bootstrap().medianInterval(samples, using: &draws)
            if ci.low <= 0 && 0 <= ci.high { covered += 1 }
        }
        let coverage = Double(covered) / Double(sets)
        print("bootstrap CI coverage: \(coverage)")
        XCTAssertGreaterThanOrEqual(coverage, 0.90, "coverage \(coverage)")
        XCTAssertLessThanOrEqual(coverage, 0.99, "coverage \(coverage)")
    }

    func testSamplingPolicy() {
        let p = SamplingPolicy(warmup: 2, minSamples: 5, maxSamples: 50, minTime: 0.5)
        XCTAssertEqual(p.decision(taken: 0, elapsed: 0), .takeSample)
        XCTAssertEqual(p.decision(taken: 4, elapsed: 10), .takeSample)  // min_samples first
        XCTAssertEqual(p.decision(taken: 5, elapsed: 0.4), .takeSample)  // then min_time
        XCTAssertEqual(p.decision(taken: 5, elapsed: 0.5), .stopSatisfied)
        XCTAssertEqual(p.decision(taken: 50, elapsed: 0.1), .stopAtMaxSamples)
        XCTAssertEqual(p.expectedSamples(secondsPerCall: 1), 5)
        XCTAssertEqual(p.expectedSamples(secondsPerCall: 0.05), 10)
        XCTAssertEqual(p.expectedSamples(secondsPerCall: 0.001), 50)
        XCTAssertEqual(p.expectedSamples(secondsPerCall: 0), 50)
    }

    func testQuickMeasureNeverAsksForMoreThanTheSuite() {
        let q = MeasureSpec(warmup: 3, minSamples: 10, maxSamples: 100, minTime: 1).quick
        XCTAssertEqual([q.warmup, q.minSamples, q.maxSamples], [1, 3, 10])
        XCTAssertEqual(q.minTime, 0.05)
        let tiny = MeasureSpec(warmup: 0, minSamples: 1, maxSamples: 2, minTime: 0.01).quick
        XCTAssertEqual([tiny.warmup, tiny.minSamples, tiny.maxSamples], [0, 1, 2])
        XCTAssertEqual(tiny.minTime, 0.01)
    }

    func testDurations() {
        XCTAssertEqual(DurationText.seconds("0.5s"), 0.5)
        XCTAssertEqual(DurationText.seconds("200ms"), 0.2)
        XCTAssertEqual(DurationText.seconds("50us"), 50e-6)
        XCTAssertEqual(DurationText.seconds("2"), 2)
        XCTAssertNil(DurationText.seconds("fast"))
        XCTAssertNil(DurationText.seconds("-1s"))
    }

    func testBootstrapRatioIntervalContainsTrueRatio() {
        var noise = GaussianSource(seed: 7)
        func samples(median: Double) -> [Double] { (0..<30).map { _ in median * (1 + 0.03 * noise.nextNormal()) } }
        for trueRatio in [0.8, 1.0, 1.15, 2.0] {
            let base = samples(median: 1e6)
            let current = samples(median: 1e6 * trueRatio)
            var rng = SplitMix64(seed: 1)
            let ci = Bootstrap().ratioOfMediansInterval(base: base, current: current, using: &rng)
            XCTAssertLessThanOrEqual(ci.low, trueRatio, "ratio \(trueRatio)")
            XCTAssertGreaterThanOrEqual(ci.high, trueRatio, "ratio \(trueRatio)")
            XCTAssertLessThan(ci.high - ci.low, 0.1 * trueRatio, "interval should be tight with 3% noise")
        }
    }

    func testBootstrapRatioIsDeterministic() {
        let base = [10.0, 11, 12, 10.5, 11.5, 9.5], current = [12.0, 13, 12.5, 14, 11.8, 13.2]
        var rngA = SplitMix64(seed: 3, label: "case"), rngB = SplitMix64(seed: 3, label: "case")
        let a = Bootstrap(resamples: 500).ratioOfMediansInterval(base: base, current: current, using: &rngA)
        let b = Bootstrap(resamples: 500).ratioOfMediansInterval(base: base, current: current, using: &rngB)
        XCTAssertEqual(a.low, b.low)
        XCTAssertEqual(a.high, b.high)
    }

    func testQuantilesAndSummary() throws {
        XCTAssertEqual(Quantile.median([3, 1, 2]), 2)
        XCTAssertEqual(Quantile.median([4, 1, 2, 3]), 2.5)
        // numpy.percentile(…, 90)
        XCTAssertEqual(Quantile.linear(sorted: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9.1, accuracy: 1e-12)
        let s = try XCTUnwrap(Summary(samples: [10, 11, 9, 10, 50]))
        XCTAssertEqual(s.median, 10)
        XCTAssertEqual(s.min, 9)
        XCTAssertEqual(s.max, 50)
        XCTAssertEqual(s.mad, 1)
        XCTAssertEqual(s.outliers, [4])
        XCTAssertLessThanOrEqual(s.ciLow, s.median)
        XCTAssertGreaterThanOrEqual(s.ciHigh, s.median)
        XCTAssertNil(Summary(samples: []))
    }
}

import Harness
import XCTest
@testable import Reports

final class StatisticsTests: XCTestCase {
    // Expected values from SciPy 1.17.1 on this machine:
    //   python3 -c "from scipy.stats import mannwhitneyu; r = mannwhitneyu(x, y, alternative='two-sided', method='auto'); print(r.statistic, r.pvalue)"
    // with the x, y below. SciPy's 'auto' picks 'exact' when either sample has ≤ 8 values and
    // there are no ties, else 'asymptotic' (normal, tie- and continuity-corrected), as MannWhitney does.
    func testMannWhitneyMatchesSciPy() throws {
        let cases: [(x: [Double], y: [Double], u1: Double, p: Double, method: MannWhitney.Method)] = [
            ([1.1, 2.3, 3.5, 4.2, 5.9], [3.8, 6.1, 7.4, 8.8, 9.5, 10.2], 2.0, 0.017316017316017316, .exact),
            ([10.1, 10.5, 9.8, 10.9, 11.2, 10.0, 9.7, 10.3, 10.8, 11.5, 9.9, 10.6],
             [10.7, 11.4, 11.9, 12.3, 10.4, 11.1, 12.8, 11.6, 12.0, 11.3, 12.5, 13.1], 14.0, 0.0009009355963600168, .asymptotic),
            ([3, 5, 5, 6, 7, 7, 7, 8, 9, 10], [5, 6, 7, 8, 8, 9, 9, 10, 11, 12, 12, 13], 27.5, 0.03358078019083418, .asymptotic),
            ([1, 4], [2, 3], 2.0, 1.0, .exact),
            ([1, 2, 2, 3], [2, 3, 3, 4, 5], 3.0, 0.09934224785346528, .asymptotic),
            ([1, 2, 3, 4, 5, 6, 7, 8, 9], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5], 36.0, 0.48766835345893045, .asymptotic),
        ]
        for (i, c) in cases.enumerated() {
            let r = try XCTUnwrap(MannWhitney.test(c.x, c.y))
            XCTAssertEqual(r.u1, c.u1, "case \(i) U")
            XCTAssertEqual(r.pValue, c.p, accuracy: 1e-12, "case \(i) p")
            XCTAssertEqual(r.method, c.method, "case \(i) method")
        }
    }

    func testMannWhitneyExactTailCountsArrangements() {
        // n1 = n2 = 5: C(10, 5) = 252 arrangements; U = 25 occurs once, U ≥ 24 twice.
        XCTAssertEqual(MannWhitney.exactUpperTail(u: 25, n1: 5, n2: 5), 1.0 / 252, accuracy: 1e-15)
        XCTAssertEqual(MannWhitney.exactUpperTail(u: 24, n1: 5, n2: 5), 2.0 / 252, accuracy: 1e-15)
        XCTAssertEqual(MannWhitney.exactUpperTail(u: 0, n1: 5, n2: 5), 1)
        // With three samples a side the smallest two-sided p is 0.1: nothing is significant at 0.05.
        XCTAssertEqual(TimingComparison.smallestPossiblePValue(3, 3), 0.1, accuracy: 1e-12)
        XCTAssertLessThan(TimingComparison.smallestPossiblePValue(5, 5), 0.05)
    }

    func testMannWhitneyOnIdenticalValuesIsNotSignificant() throws {
        let r = try XCTUnwrap(MannWhitney.test(Array(repeating: 5, count: 12), Array(repeating: 5, count: 12)))
        XCTAssertEqual(r.pValue, 1)
        XCTAssertNil(MannWhitney.test([], [1]))
    }

    func testBootstrapRatioIntervalContainsTrueRatio() {
        var rng = SeededGenerator(seed: 7)
        for trueRatio in [0.8, 1.0, 1.15, 2.0] {
            let base = Fixture.samples(median: 1e6, noise: 0.03, count: 30, rng: &rng)
            let current = Fixture.samples(median: 1e6 * trueRatio, noise: 0.03, count: 30, rng: &rng)
            let ci = Bootstrap.ratioOfMediansInterval(base: base, current: current, resamples: 2000, level: 0.95,
                                                      generator: SeededGenerator(seed: 1))
            XCTAssertLessThanOrEqual(ci.low, trueRatio, "ratio \(trueRatio)")
            XCTAssertGreaterThanOrEqual(ci.high, trueRatio, "ratio \(trueRatio)")
            XCTAssertLessThan(ci.high - ci.low, 0.1 * trueRatio, "interval should be tight with 3% noise")
        }
    }

    func testBootstrapIsDeterministic() {
        let base = [10.0, 11, 12, 10.5, 11.5, 9.5], current = [12.0, 13, 12.5, 14, 11.8, 13.2]
        let a = Bootstrap.ratioOfMediansInterval(base: base, current: current, resamples: 500, level: 0.95,
                                                 generator: SeededGenerator(seed: 3, label: "case"))
        let b = Bootstrap.ratioOfMediansInterval(base: base, current: current, resamples: 500, level: 0.95,
                                                 generator: SeededGenerator(seed: 3, label: "case"))
        XCTAssertEqual(a.low, b.low)
        XCTAssertEqual(a.high, b.high)
    }

    /// The counting median of a resample equals sorting it, draw for draw (ties, odd and
    /// even sizes, sizes past the old insertion-sort cut-off).
    func testResampledMedianEqualsSortingTheResample() {
        var source = SeededGenerator(seed: 5)
        for n in [1, 2, 3, 4, 5, 8, 17, 50, 129, 300] {
            let values = (0..<n).map { _ in Double(source.index(below: 7)) * 1.5 + Double(source.index(below: 3)) }
            var fast = Bootstrap.ResampledMedian(values)
            var a = SeededGenerator(seed: UInt64(n)), b = SeededGenerator(seed: UInt64(n))
            for _ in 0..<200 {
                let drawn = (0..<n).map { _ in values[b.index(below: n)] }.sorted()
                let median = n % 2 == 1 ? drawn[n / 2] : (drawn[n / 2 - 1] + drawn[n / 2]) / 2
                XCTAssertEqual(fast.next(&a), median, "n \(n)")
            }
        }
    }

    /// The eight-lane draws are the scalar draws, for any count and length.
    func testVectorIndicesEqualScalarIndices() {
        for count in [1, 2, 7, 50, 1000, 1 << 30] {
            for length in [0, 1, 7, 8, 9, 64, 101] {
                var scalar = SeededGenerator(seed: 42, label: "x\(count)"), vector = scalar
                var buffer = [Int32](repeating: -1, count: length)
                buffer.withUnsafeMutableBufferPointer { vector.indices(below: count, into: $0) }
                XCTAssertEqual(buffer.map(Int.init), (0..<length).map { _ in scalar.index(below: count) }, "count \(count) length \(length)")
                XCTAssertEqual(vector.next(), scalar.next(), "state after \(length) draws")
            }
        }
    }

    /// The interval found by selection equals the quantiles of the sorted ratios.
    func testBootstrapIntervalEqualsSortedQuantiles() {
        var rng = SeededGenerator(seed: 9)
        for n in [2, 3, 5, 9, 30] {
            let base = (0..<n).map { _ in Double(rng.index(below: 100) + 1) }
            let current = (0..<n).map { _ in Double(rng.index(below: 120) + 1) }
            for resamples in [1, 2, 3, 40, 2000] {
                let g = SeededGenerator(seed: UInt64(n * resamples))
                let fast = Bootstrap.ratioOfMediansInterval(base: base, current: current, resamples: resamples,
                                                            level: 0.95, generator: g)
                var a = g
                var ratios: [Double] = []
                var bm = Bootstrap.ResampledMedian(base), cm = Bootstrap.ResampledMedian(current)
                for _ in 0..<resamples { let b = bm.next(&a); ratios.append(cm.next(&a) / b) }
                ratios.sort()
                let tail = (1 - 0.95) / 2  // as the interval computes it (not the literal 0.025)
                XCTAssertEqual(fast.low, Quantile.linear(sorted: ratios, tail), "n \(n) resamples \(resamples)")
                XCTAssertEqual(fast.high, Quantile.linear(sorted: ratios, 1 - tail), "n \(n) resamples \(resamples)")
            }
        }
    }

    func testQuantilesAndSummary() throws {
        XCTAssertEqual(Quantile.median([3, 1, 2]), 2)
        XCTAssertEqual(Quantile.median([4, 1, 2, 3]), 2.5)
        XCTAssertEqual(Quantile.linear(sorted: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9.1, accuracy: 1e-12) // numpy.percentile(…, 90)
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

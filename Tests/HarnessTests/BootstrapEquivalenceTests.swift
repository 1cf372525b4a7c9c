import AttentionKernels
import XCTest

@testable import Harness

/// The bootstrap counts ranks, draws eight indices at a time and selects percentiles, for
/// speed on large runs; each must give exactly what the plain method gives: sort every
/// resample, sort the estimates, take the linear quantiles.
final class BootstrapEquivalenceTests: XCTestCase {
    /// The plain percentile bootstrap, written out as the reference.
    static func plainRatioInterval<G: RandomNumberGenerator>(
        _ base: [Double], _ current: [Double], resamples: Int,
        _ rng: inout G
    ) -> (low: Double, high: Double) {
        func median(_ values: [Double]) -> Double {
            let n = values.count
            let drawn = (0..<n).map { _ in values[Bootstrap.index(below: n, &rng)] }.sorted()
            return n % 2 == 1 ? drawn[n / 2] : (drawn[n / 2 - 1] + drawn[n / 2]) / 2
        }
        var ratios: [Double] = []
        for _ in 0..<resamples {
            let b = median(base)
            ratios.append(median(current) / b)
        }
        ratios.sort()
        let tail = (1 - 0.95) / 2
        return (Quantile.linear(sorted: ratios, tail), Quantile.linear(sorted: ratios, 1 - tail))
    }

    func testRatioIntervalEqualsThePlainBootstrap() {
        var values = SplitMix64(seed: 11)
        for n in [1, 2, 3, 5, 8, 9, 30, 50, 129] {
            // Few distinct values, so that ties are common.
            let base = (0..<n).map { _ in Double(Bootstrap.index(below: 9, &values) + 1) * 1.25 }
            let current = (0..<(n + 3)).map { _ in Double(Bootstrap.index(below: 11, &values) + 1) }
            for resamples in [1, 2, 7, 200] {
                var fast = SplitMix64(seed: UInt64(n), label: "case"), plain = fast
                let a = Bootstrap(resamples: resamples).ratioOfMediansInterval(
                    base: base, current: current, using: &fast)
                let b = Self.plainRatioInterval(base, current, resamples: resamples, &plain)
                XCTAssertEqual(a.low, b.low, "n \(n) resamples \(resamples)")
                XCTAssertEqual(a.high, b.high, "n \(n) resamples \(resamples)")
                XCTAssertEqual(fast.next(), plain.next(), "the generator ends in the same state")
                // Another generator takes the one-draw-at-a-time path.
                var x1 = Xoshiro256StarStar(seed: UInt64(n)), x2 = x1
                let c = Bootstrap(resamples: resamples).ratioOfMediansInterval(base: base, current: current, using: &x1)
                let d = Self.plainRatioInterval(base, current, resamples: resamples, &x2)
                XCTAssertEqual(c.low, d.low)
                XCTAssertEqual(c.high, d.high)
            }
        }
    }

    func testBulkIndicesEqualOneByOneDraws() {
        for count in [1, 2, 3, 7, 50, 1000, 1 << 30, (1 << 31) + 5] {
            for length in [0, 1, 7, 8, 9, 64, 101] {
                var bulk = SplitMix64(seed: 42, label: "x\(count)"), single = bulk
                var buffer = [Int32](repeating: -1, count: length)
                buffer.withUnsafeMutableBufferPointer { bulk.indices(below: count, into: $0) }
                let expected = (0..<length).map { _ in Int32(truncatingIfNeeded: Bootstrap.index(below: count, &single))
                }
                XCTAssertEqual(buffer, expected, "count \(count) length \(length)")
                XCTAssertEqual(bulk.next(), single.next(), "state after \(length) draws")
            }
        }
    }

    func testMedianIntervalEqualsSortingEachResample() {
        for n in [2, 3, 6, 40] {
            let samples = (0..<n).map { Double(($0 * 7919) % 13) }
            var a = Xoshiro256StarStar(seed: 5), b = a
            let fast = Bootstrap(resamples: 300).medianInterval(samples, using: &a)
            var medians: [Double] = []
            for _ in 0..<300 {
                let drawn = (0..<n).map { _ in samples[Bootstrap.index(below: n, &b)] }.sorted()
                medians.append(n % 2 == 1 ? drawn[n / 2] : (drawn[n / 2 - 1] + drawn[n / 2]) / 2)
            }
            medians.sort()
            let tail = (1 - 0.95) / 2
            XCTAssertEqual(fast.low, Quantile.linear(sorted: medians, tail))
            XCTAssertEqual(fast.high, Quantile.linear(sorted: medians, 1 - tail))
        }
    }
}

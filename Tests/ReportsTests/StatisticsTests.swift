import Harness
import XCTest

@testable import Reports

/// The Mann-Whitney U test `compare` runs (the bootstrap and summaries are Harness's:
/// HarnessTests/StatisticsTests).
final class MannWhitneyTests: XCTestCase {
    // Expected values from SciPy 1.17.1 on this machine:
    //   python3 -c "from scipy.stats import mannwhitneyu; r = mannwhitneyu(x, y, alternative='two-sided', method='auto'); print(r.statistic, r.pvalue)"
    // with the x, y below. SciPy's 'auto' picks 'exact' when either sample has ≤ 8 values and
    // there are no ties, else 'asymptotic' (normal, tie- and continuity-corrected), as MannWhitney does.
    func testMannWhitneyMatchesSciPy() throws {
        let cases: [(x: [Double], y: [Double], u1: Double, p: Double, method: MannWhitney.Method)] = [
            ([1.1, 2.3, 3.5, 4.2, 5.9], [3.8, 6.1, 7.4, 8.8, 9.5, 10.2], 2.0, 0.017316017316017316, .exact),
            (
                [10.1, 10.5, 9.8, 10.9, 11.2, 10.0, 9.7, 10.3, 10.8, 11.5, 9.9, 10.6],
                [10.7, 11.4, 11.9, 12.3, 10.4, 11.1, 12.8, 11.6, 12.0, 11.3, 12.5, 13.1], 14.0, 0.0009009355963600168,
                .asymptotic
            ),
            (
                [3, 5, 5, 6, 7, 7, 7, 8, 9, 10], [5, 6, 7, 8, 8, 9, 9, 10, 11, 12, 12, 13], 27.5, 0.03358078019083418,
                .asymptotic
            ),
            ([1, 4], [2, 3], 2.0, 1.0, .exact),
            ([1, 2, 2, 3], [2, 3, 3, 4, 5], 3.0, 0.09934224785346528, .asymptotic),
            (
                [1, 2, 3, 4, 5, 6, 7, 8, 9], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5], 36.0,
                0.48766835345893045, .asymptotic
            )
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
}

import Foundation
import XCTest

@testable import Harness

/// The cost-balanced partition: every case in exactly one shard, the same split whatever
/// the order or the machine, and no shard above average + largest case.
final class ShardPartitionTests: XCTestCase {
    /// A small deterministic generator (SplitMix64) so every run of the test sees the same suites.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func checkProperties(
        _ items: [(id: String, cost: Double)], count: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) -> ShardPartition {
        let p = ShardPartition(items, count: count)
        var seen = [Int](repeating: 0, count: items.count)
        for k in 1...count {
            guard let shard = RunShard(index: k, count: count) else { XCTFail("shard \(k)/\(count)"); continue }
            for i in p.positions(in: shard) { seen[i] += 1 }
        }
        XCTAssertEqual(seen, [Int](repeating: 1, count: items.count), "every item exactly once", file: file, line: line)
        let maxLoad = p.loads.max() ?? 0
        XCTAssertLessThanOrEqual(
            maxLoad, p.bound * (1 + 1e-12), "\(items.count) items in \(count)", file: file, line: line)
        XCTAssertEqual(p.loads.reduce(0, +), p.totalCost, accuracy: p.totalCost * 1e-9 + 1e-12, file: file, line: line)
        return p
    }

    func testEveryItemOnceBalancedAndStableOverManyRandomSuites() {
        var rng = Generator(state: 2024)
        for trial in 0..<300 {
            let n = Int.random(in: 0...60, using: &rng)
            let count = Int.random(in: 1...12, using: &rng)
            // Heavy-tailed costs, as real suites have (seq_len 256 … 8192 spans 1000× in work),
            // with deliberate ties.
            let items = (0..<n).map { i -> (id: String, cost: Double) in
                let cost =
                    Bool.random(using: &rng)
                    ? Double(Int.random(in: 1...4, using: &rng))
                    : pow(10, Double.random(in: -3...3, using: &rng))
                return ("case-\(trial)-\(i)", cost)
            }
            let p = checkProperties(items, count: count)
            let shuffled = items.shuffled(using: &rng)
            let q = ShardPartition(shuffled, count: count)
            let before = Dictionary(uniqueKeysWithValues: zip(items.map(\.id), p.assignment))
            let after = Dictionary(uniqueKeysWithValues: zip(shuffled.map(\.id), q.assignment))
            XCTAssertEqual(before, after, "the split must not depend on the order of the cases")
        }
    }

    func testSortedSuiteIsSplitFarBetterThanRoundRobin() {
        // Sizes sorted largest first, as a matrix over seq_len often expands: round-robin
        // gives shard 1 every largest case.
        let items = (0..<16).map { (id: "c\($0)", cost: Double(1 << (15 - $0 % 4 * 5))) }
        let p = checkProperties(items, count: 4)
        var roundRobin = [Double](repeating: 0, count: 4)
        for (i, item) in items.enumerated() { roundRobin[i % 4] += item.cost }
        XCTAssertEqual(roundRobin, [4 * 32768, 4 * 1024, 4 * 32, 4], "round-robin: shard 1 takes all the big cases")
        XCTAssertLessThan(p.imbalance, 1.01, "LPT splits the four big cases over four shards")
    }

    func testTiesAreBrokenByIdAndMoreShardsThanCasesLeavesShardsEmpty() {
        let p = checkProperties([("b", 1), ("a", 1), ("c", 1)], count: 5)
        XCTAssertEqual(p.assignment, [2, 1, 3], "equal costs go in id order to shards 1, 2, 3")
        XCTAssertEqual(p.loads, [1, 1, 1, 0, 0])
        XCTAssertEqual(ShardPartition([("x", .nan), ("y", -1)], count: 2).totalCost, 0, "bad costs count as 0")
    }

    func testShippedSuitesSplitWithinTheBoundForEveryShardCount() throws {
        let directory = ShippedSuitesTests.suitesDirectory
        for file in ["ci.yaml", "quick.yaml", "gqa-decode.yaml", "tiling-sram.yaml", "softmax-passes.yaml"] {
            let suite = try SuiteLoader().load(path: directory.appendingPathComponent(file).path)
            let cost = ShardCost(measure: suite.suite.measure)
            for count in 1...8 {
                let p = ShardPartition(cases: suite.cases, count: count, cost: cost)
                let items = suite.cases.map { (id: $0.id, cost: cost.seconds(of: $0)) }
                _ = checkProperties(items, count: count)
                let union = try (1...count).flatMap { k in
                    p.cases(suite.cases, in: try XCTUnwrap(RunShard(index: k, count: count))).map(\.id)
                }
                XCTAssertEqual(union.sorted(), suite.cases.map(\.id).sorted(), "\(file) in \(count)")
            }
        }
    }

    func testCostIsTheSameWhateverTheMachinesL2() throws {
        // `profile: host` gives each machine its own SRAM and tile; the shard cost must not see that.
        let yaml = """
            suite: host-tiles
            defaults: {batch: 1, heads: 2, head_dim: 64, seq_len: 512, algorithm: flash, profile: host}
            matrix:
              seq_len: [256, 512]
            """
        let c = try XCTUnwrap(cases(yaml).first)
        var other = c
        other.parameters.sramBytes = (c.parameters.sramBytes ?? 0) * 4 + 1
        other.parameters.effectiveTile = "128x128"
        let cost = ShardCost(policy: SamplingPolicy(warmup: 2, minSamples: 5, maxSamples: 50, minTime: 0.5))
        XCTAssertEqual(cost.seconds(of: c), cost.seconds(of: other))
        XCTAssertGreaterThan(cost.seconds(of: c), 0)
    }
}

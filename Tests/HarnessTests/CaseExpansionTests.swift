import AttentionKernels
import XCTest

@testable import Harness

/// Matrix product order, exclude, and include with GitHub Actions semantics.
final class CaseExpansionTests: XCTestCase {
    private func summary(_ c: SuiteCase, _ keys: [String]) -> String {
        let p = c.parameters
        return keys.map { key -> String in
            switch key {
            case "algorithm": return p.algorithm
            case "seq_len": return "\(p.seqLen)"
            case "kv_len": return "\(p.kvLen)"
            case "causal": return p.causal ? "causal" : "full"
            case "seed": return "seed\(p.seed)"
            case "threads": return "thr\(p.threads)"
            case "heads": return "h\(p.heads)/\(p.kvHeads)"
            default: return "?"
            }
        }.joined(separator: " ")
    }

    func testProductOrderFirstAxisSlowest() {
        let result = cases(
            """
            suite: t
            defaults: {heads: 2, seq_len: 64, head_dim: 16}
            matrix:
              algorithm: [three-pass, online, flash]
              seq_len: [32, 64]
            """)
        XCTAssertEqual(
            result.map { summary($0, ["algorithm", "seq_len"]) },
            [
                "three-pass 32", "three-pass 64", "online 32", "online 64", "flash 32", "flash 64"
            ])
    }

    func testExcludeRemovesEveryMatchingCombination() {
        let result = cases(
            """
            suite: t
            defaults: {heads: 2, head_dim: 16}
            matrix:
              algorithm: [three-pass, online, flash]
              seq_len: [32, 64, 128]
            exclude:
              - {algorithm: three-pass, seq_len: 128}
              - {algorithm: online}
            """)
        XCTAssertEqual(
            result.map { summary($0, ["algorithm", "seq_len"]) },
            [
                "three-pass 32", "three-pass 64", "flash 32", "flash 64", "flash 128"
            ])
    }

    func testExcludeMatchesDefaultsOfKeysOutsideTheMatrix() {
        let result = cases(
            """
            suite: t
            defaults: {heads: 2, head_dim: 16, seq_len: 32, causal: true}
            matrix:
              algorithm: [online, flash]
            exclude: [{algorithm: online, causal: true}]
            """)
        XCTAssertEqual(result.map { summary($0, ["algorithm"]) }, ["flash"])
    }

    func testIncludeThatMatchesExtendsAndOneThatDoesNotAdds() {
        let result = cases(
            """
            suite: t
            defaults: {heads: 2, head_dim: 16}
            matrix:
              algorithm: [online, flash]
              seq_len: [32, 64]
            include:
              - {algorithm: flash, causal: true}
              - {algorithm: flash, seq_len: 256}
            """)
        XCTAssertEqual(
            result.map { summary($0, ["algorithm", "seq_len", "causal"]) },
            [
                "online 32 full", "online 64 full", "flash 32 causal", "flash 64 causal", "flash 256 full"
            ])
    }

    /// The example of GitHub's documentation ("Expanding or adding matrix
    /// configurations"), with fruit → algorithm, animal → causal, color → seed,
    /// shape → threads.
    func testGitHubDocumentationExample() {
        let result = cases(
            """
            suite: t
            defaults: {heads: 2, head_dim: 16, seq_len: 32}
            matrix:
              algorithm: [three-pass, online]   # fruit: apple, pear
              causal: [true, false]             # animal: cat, dog
            include:
              - seed: 1                          # color: green
              - {seed: 2, causal: true}          # color: pink, animal: cat
              - {algorithm: three-pass, threads: 2}   # fruit: apple, shape: circle
              - algorithm: flash                 # fruit: banana
              - {algorithm: flash, causal: true} # fruit: banana, animal: cat
            """)
        XCTAssertEqual(
            result.map { summary($0, ["algorithm", "causal", "seed", "threads"]) },
            [
                "three-pass causal seed2 thr2",
                "three-pass full seed1 thr2",
                "online causal seed2 thr1",
                "online full seed1 thr1",
                "flash full seed42 thr1",
                "flash causal seed42 thr1"
            ])
    }

    func testIncludeNeverOverwritesAMatrixValue() {
        // seq_len is a matrix key, so {seq_len: 99, causal: true} matches no combination: it is added.
        let result = cases(
            """
            suite: t
            defaults: {heads: 2, head_dim: 16}
            matrix: {seq_len: [32, 64]}
            include: [{seq_len: 99, causal: true}]
            """)
        XCTAssertEqual(result.map { summary($0, ["seq_len", "causal"]) }, ["32 full", "64 full", "99 causal"])
    }

    func testIncludeCanAddBackAnExcludedCombination() {
        let result = cases(
            """
            suite: t
            defaults: {heads: 2, head_dim: 16}
            matrix: {algorithm: [online, flash], seq_len: [32, 64]}
            exclude: [{algorithm: flash, seq_len: 64}]
            include: [{algorithm: flash, seq_len: 64, causal: true}]
            """)
        XCTAssertEqual(
            result.map { summary($0, ["algorithm", "seq_len", "causal"]) },
            [
                "online 32 full", "online 64 full", "flash 32 full", "flash 64 causal"
            ])
    }

    func testWithoutMatrixEachIncludeIsACaseAndNothingIsOneCase() {
        let listed = cases(
            """
            suite: t
            defaults: {heads: 2, head_dim: 16, seq_len: 32}
            include: [{algorithm: online}, {algorithm: flash, causal: true}]
            """)
        XCTAssertEqual(listed.map { summary($0, ["algorithm", "causal"]) }, ["online full", "flash causal"])
        let single = cases("suite: t\ndefaults: {heads: 2, head_dim: 16, seq_len: 32}\n")
        XCTAssertEqual(single.count, 1)
    }

    func testKvLenFollowsSeqLenAndKvHeadsFollowsHeads() {
        let result = cases(
            """
            suite: t
            defaults: {head_dim: 16, heads: 4}
            matrix: {seq_len: [32, 64]}
            include: [{seq_len: 1, kv_len: 128, kv_heads: 1}]
            """)
        XCTAssertEqual(
            result.map { summary($0, ["seq_len", "kv_len", "heads"]) },
            ["32 32 h4/4", "64 64 h4/4", "1 128 h4/1"])
        XCTAssertEqual(result.map(\.layout), [.mha, .mha, .mqa])
    }

    func testShapeAndOptionsFollowTheParameters() throws {
        let c = try XCTUnwrap(
            cases(
                """
                suite: t
                defaults: {batch: 2, heads: 8, kv_heads: 2, seq_len: 100, kv_len: 300, head_dim: 32, causal: true,
                           algorithm: flash-v1, precision: fp8-e5m2, scaling: head, incoherent: true, tile: 32x16,
                           sram: 64KiB, gqa_packing: false, threads: 2, seed: 7,
                           distribution: {mean: 0.5, std: 2, outlier_fraction: 0.01, outlier_std: 20}}
                """
            ).first)
        XCTAssertEqual(c.shape, AttentionShape(batch: 2, qHeads: 8, kvHeads: 2, qLen: 100, kvLen: 300, headDim: 32))
        XCTAssertEqual(
            c.options,
            AttentionOptions(
                algorithm: .flashV1, tile: TileSize(rows: 32, cols: 16), sramBytes: 65536,
                causal: true, threads: 2, gqaPacking: false, precision: .fp8E5M2,
                scaling: .head, incoherent: true, seed: 7))
        XCTAssertEqual(c.distribution, InputDistribution(mean: 0.5, std: 2, outlierFraction: 0.01, outlierStd: 20))
        XCTAssertEqual(c.layout, .gqa(group: 4))
        XCTAssertEqual(c.parameters.effectiveTile, "32x16")
        XCTAssertEqual(c.parameters.attentionShape, c.shape)
        XCTAssertEqual(try c.parameters.attentionOptions(), c.options)
    }

    func testProfileSetsSRAMAndFA1RulePicksTheTile() throws {
        let c = try XCTUnwrap(cases("suite: t\ndefaults: {profile: A100, head_dim: 64, seq_len: 64, heads: 1}\n").first)
        XCTAssertEqual(c.parameters.profile, "a100")
        XCTAssertEqual(c.parameters.sramBytes, 192 * 1024)
        XCTAssertNil(c.parameters.tile)
        // Bc = ceil(196608 / (4·64·4)) = 192, Br = min(192, 64) = 64.
        XCTAssertEqual(c.parameters.effectiveTile, "64x192")
    }

    /// The example in docs/suites.md, checked so the documentation cannot drift.
    func testDocumentationExample() {
        let result = cases(
            """
            suite: t
            defaults: {heads: 8, seq_len: 1024, head_dim: 64}
            matrix:
              algorithm: [online, flash]
              seq_len: [512, 1024]
            exclude:
              - {algorithm: online, seq_len: 1024}
            include:
              - {algorithm: flash, causal: true}
              - {algorithm: flash, seq_len: 8192}
              - {threads: 2}
            """)
        XCTAssertEqual(
            result.map { summary($0, ["algorithm", "seq_len", "causal", "threads"]) },
            [
                "online 512 full thr2", "flash 512 causal thr2", "flash 1024 causal thr2", "flash 8192 full thr1"
            ])
    }
}

import XCTest

@testable import Harness

/// Case ids: readable, built from parameters only, unique per distinct parameter set.
final class CaseIdentifierTests: XCTestCase {
    func testDefaultsGiveTheDocumentedBaseId() {
        let ids = cases("suite: t\ndefaults: {tile: 64x64}\n").map(\.id)
        XCTAssertEqual(ids, ["flash-mha-b1-h8-kv8-l1024-kv1024-d64-fp32-t64x64"])
    }

    func testExtrasAppearOnlyWhenNotDefaultAndInAFixedOrder() {
        let ids = cases(
            """
            suite: t
            defaults: {heads: 8, kv_heads: 2, seq_len: 128, head_dim: 64}
            include:
              - {precision: fp8-e4m3, scaling: block, incoherent: true, causal: true, sram: 96KiB, tile: 32x32,
                 gqa_packing: false, threads: 2, seed: 7,
                 distribution: {mean: 0.5, std: 2, outlier_fraction: 0.001, outlier_std: 10}}
              - {algorithm: three-pass, kv_heads: 1, seq_len: 1, kv_len: 4096, profile: h100}
              - {algorithm: online, precision: fp8-e5m2, distribution: {outlier_std: 30}}
            """
        ).map(\.id)
        XCTAssertEqual(
            ids,
            [
                "flash-gqa-b1-h8-kv2-l128-kv128-d64-e4m3-block-inc-t32x32-causal-s96KiB-nopack-thr2-seed7-mu0.5-sd2-out0.001x10",
                "three-pass-mqa-b1-h8-kv1-l1-kv4096-d64-fp32-tfa1-sram-h100",
                "online-gqa-b1-h8-kv2-l128-kv128-d64-e5m2-t64x64"
            ])
    }

    func testIdsDoNotDependOnKeyOrderOrWhereAValueIsSet() {
        let a = cases(
            """
            suite: a
            defaults: {batch: 1, heads: 4, head_dim: 32, causal: true}
            matrix:
              algorithm: [flash, online]
              seq_len: [64, 128]
            """)
        let b = cases(
            """
            suite: b
            matrix:
              seq_len: [128, 64]
              algorithm: [online, flash]
            defaults:
              causal: true
              head_dim: 32
              heads: 4
            """)
        XCTAssertEqual(Set(a.map(\.id)), Set(b.map(\.id)))
        XCTAssertEqual(a.count, 4)
        XCTAssertTrue(a.map(\.id).contains("flash-mha-b1-h4-kv4-l64-kv64-d32-fp32-t64x64-causal"))
    }

    func testIdsAreTheSameEveryTimeASuiteIsLoaded() {
        let text = "suite: t\nmatrix: {algorithm: [flash, online], head_dim: [32, 64]}\ndefaults: {seq_len: 32}\n"
        XCTAssertEqual(cases(text).map(\.id), cases(text).map(\.id))
    }

    func testDistinctParametersGiveDistinctIds() {
        let result = cases(
            """
            suite: t
            defaults: {heads: 4, seq_len: 64, head_dim: 16, sram: 64KiB}
            matrix:
              algorithm: [three-pass, online, flash, flash-v1]
              kv_heads: [4, 2, 1]
              causal: [false, true]
              precision: [fp32, fp8-e4m3, fp8-e5m2]
              scaling: [tensor, head, block]
              tile: [auto, 16x16, 32x16]
              gqa_packing: [true, false]
              seed: [1, 42]
            """)
        XCTAssertEqual(result.count, 4 * 3 * 2 * 3 * 3 * 3 * 2 * 2)
        XCTAssertEqual(Set(result.map(\.id)).count, result.count)
        XCTAssertEqual(Set(result.map(\.parameters)).count, result.count)
    }

    func testIdIsAFunctionOfTheRecordedParameters() throws {
        let c = try XCTUnwrap(cases("suite: t\ndefaults: {algorithm: online, causal: true, threads: 2}\n").first)
        XCTAssertEqual(CaseIdentifier.make(for: c.parameters), c.id)
    }

    func testReseedingChangesSeedOptionsAndIdTogether() throws {
        let c = try XCTUnwrap(cases("suite: t\ndefaults: {seq_len: 16, head_dim: 16}\n").first)
        let r = c.reseeded(7)
        XCTAssertEqual(r.parameters.seed, 7)
        XCTAssertEqual(r.options.seed, 7)
        XCTAssertEqual(r.id, c.id + "-seed7")
    }

    func testQuotedScalarsReadAsTheirValues() throws {
        let c = try XCTUnwrap(cases("suite: t\ndefaults: {seq_len: \"16\", head_dim: 16, causal: \"true\"}\n").first)
        XCTAssertEqual(c.shape.qLen, 16)
        XCTAssertTrue(c.options.causal)
    }
}

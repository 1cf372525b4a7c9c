import XCTest

@testable import Harness

/// Every class of suite error, with the exact line and column it is reported at.
final class SuiteValidationTests: XCTestCase {
    func testYAMLSyntaxError() {
        let d = onlyDiagnostic(
            """
            suite: t
            defaults: {batch: 1, heads: 2
            matrix:
              seq_len: [1, 2]
            """)
        assertDiagnostic(d, .syntax, line: 3, column: 7, contains: "invalid YAML")
    }

    func testDuplicateYAMLKey() {
        let d = onlyDiagnostic("suite: t\ndefaults:\n  heads: 2\n  heads: 4\n")
        assertDiagnostic(d, .syntax, line: 3, column: 3, contains: "duplicate key 'heads'")
    }

    func testUnknownKeySuggestsTheNearestAndRendersLikeACompiler() {
        let d = onlyDiagnostic(
            """
            suite: t
            defaults:
              heads: 2
              seqlen: 1024
            """)
        assertDiagnostic(d, .unknownKey, line: 4, column: 3)
        XCTAssertEqual(d?.description, "t.yaml:4:3: error: unknown key 'seqlen' in defaults (did you mean 'seq_len'?)")
    }

    func testUnknownTopLevelAndMeasureKeys() {
        let diagnostics = validate(
            """
            suite: t
            matrx: {seq_len: [1]}
            measure: {warmup: 1, min_sample: 3}
            """
        ).diagnostics
        XCTAssertEqual(diagnostics.count, 2)
        assertDiagnostic(diagnostics.first, .unknownKey, line: 2, column: 1, contains: "did you mean 'matrix'")
        assertDiagnostic(diagnostics.last, .unknownKey, line: 3, column: 22, contains: "did you mean 'min_samples'")
    }

    func testUnknownKeyWithoutNearNameListsTheValidOnes() {
        let d = onlyDiagnostic("suite: t\nmeasure: {banana: 1}\n")
        assertDiagnostic(d, .unknownKey, line: 2, column: 11, contains: "valid keys: warmup, min_samples")
    }

    func testWrongType() {
        let d = onlyDiagnostic(
            """
            suite: t
            defaults:
              seq_len: abc
            """)
        assertDiagnostic(d, .wrongType, line: 3, column: 12, contains: "seq_len must be a positive integer (got 'abc')")
    }

    func testWrongTypesInMatrixAndFlags() {
        let diagnostics = validate(
            """
            suite: t
            matrix:
              head_dim: [64, sixty-four, 0]
              causal: [maybe]
              seq_len: {a: 1}
            """
        ).diagnostics
        XCTAssertEqual(diagnostics.map(\.location.line), [3, 3, 4, 5])
        XCTAssertEqual(diagnostics.map(\.location.column), [18, 30, 12, 12])
        XCTAssertEqual(diagnostics.map(\.kind), [.wrongType, .outOfRange, .wrongType, .wrongType])
    }

    func testUnknownAlgorithmPrecisionAndScalingListTheValidNames() {
        let diagnostics = validate(
            """
            suite: t
            matrix:
              algorithm: [flash, flash2]
              precision: [fp16]
              scaling: [row]
            """
        ).diagnostics
        XCTAssertEqual(diagnostics.count, 3)
        assertDiagnostic(
            diagnostics[0], .unknownValue, line: 3, column: 22,
            contains:
                "unknown algorithm 'flash2' (did you mean 'flash'?); valid: three-pass, online, flash, flash-v1, flash-decoding"
        )
        assertDiagnostic(
            diagnostics[1], .unknownValue, line: 4, column: 15, contains: "valid: fp32, fp8-e4m3, fp8-e5m2")
        assertDiagnostic(diagnostics[2], .unknownValue, line: 5, column: 13, contains: "valid: tensor, head, block")
    }

    func testHeadsNotAMultipleOfKvHeadsIsReportedAtTheMatrixValue() {
        let d = onlyDiagnostic(
            """
            suite: t
            defaults: {heads: 8, seq_len: 16, head_dim: 16}
            matrix:
              kv_heads: [8, 3, 1]
            """)
        assertDiagnostic(d, .headLayout, line: 4, column: 17, contains: "heads (8) must be a multiple of kv_heads (3)")
    }

    func testHeadLayoutErrorInDefaultsIsReportedOnceForAllItsCases() {
        let d = onlyDiagnostic(
            """
            suite: t
            defaults: {heads: 6, kv_heads: 4, seq_len: 16, head_dim: 16}
            matrix: {algorithm: [online, flash]}
            """)
        assertDiagnostic(d, .headLayout, line: 2, column: 32, contains: "(2 cases)")
    }

    func testTileOverSRAMNamesTheNumbersAtTheOffendingEntry() {
        let d = onlyDiagnostic(
            """
            suite: t
            defaults: {sram: 16KiB, head_dim: 16, seq_len: 64}
            matrix:
              tile: [16x16, 128x128]
            """)
        assertDiagnostic(
            d, .sramCapacity, line: 4, column: 17,
            contains: "tile 128x128 does not fit SRAM of 16KiB (16384 bytes): working set is")
    }

    func testTileOverSRAMBlamesTheSRAMValueWhenThatIsWhatTheMatrixVaries() {
        let d = onlyDiagnostic(
            """
            suite: t
            defaults: {tile: 64x64, head_dim: 64, seq_len: 64}
            matrix:
              sram: [192KiB, 32KiB]
            """)
        assertDiagnostic(d, .sramCapacity, line: 4, column: 18, contains: "does not fit SRAM of 32KiB")
    }

    func testIncoherentNeedsPowerOfTwoHeadDim() {
        let d = onlyDiagnostic(
            """
            suite: t
            defaults: {precision: fp8-e4m3, incoherent: true, seq_len: 16}
            matrix:
              head_dim: [64, 96]
            """)
        assertDiagnostic(d, .invalidConfiguration, line: 4, column: 18, contains: "power of two (got 96)")
    }

    func testEmptyMatrixList() {
        let d = onlyDiagnostic(
            """
            suite: t
            matrix:
              algorithm: [flash]
              seq_len: []
            """)
        assertDiagnostic(d, .emptyMatrix, line: 4, column: 3, contains: "matrix key 'seq_len' has an empty list")
    }

    func testEverythingExcluded() {
        let d = onlyDiagnostic(
            """
            suite: t
            matrix:
              algorithm: [online, flash]
            exclude:
              - {seq_len: 1024}
            """)
        assertDiagnostic(d, .emptyMatrix, line: 4, column: 1, contains: "exclude removes all 2 combinations")
    }

    func testIncludeAndExcludeNamingUnknownParameters() {
        let diagnostics = validate(
            """
            suite: t
            defaults: {seq_len: 16, head_dim: 16}
            matrix: {algorithm: [online, flash]}
            include:
              - {algo: flash, causal: true}
            exclude:
              - {algorithm: online, seqlen: 16}
            """
        ).diagnostics
        XCTAssertEqual(diagnostics.count, 2)
        assertDiagnostic(
            diagnostics.first, .unknownKey, line: 5, column: 6,
            contains: "'algo' in include entry (did you mean 'algorithm'?)")
        assertDiagnostic(
            diagnostics.last, .unknownKey, line: 7, column: 25,
            contains: "'seqlen' in exclude entry (did you mean 'seq_len'?)")
    }

    func testBadSizeAndDuration() {
        let diagnostics = validate(
            """
            suite: t
            defaults: {sram: 96QB}
            measure: {min_time: fast}
            """
        ).diagnostics
        XCTAssertEqual(diagnostics.count, 2)
        assertDiagnostic(diagnostics.first, .badQuantity, line: 2, column: 18, contains: "sram must be a positive size")
        assertDiagnostic(diagnostics.last, .badQuantity, line: 3, column: 21, contains: "min_time must be a duration")
    }

    func testMinSamplesAboveMaxSamples() {
        let d = onlyDiagnostic(
            """
            suite: t
            measure:
              min_samples: 10
              max_samples: 5
            """)
        assertDiagnostic(
            d, .outOfRange, line: 3, column: 16, contains: "min_samples (10) is greater than max_samples (5)")
    }

    func testDuplicateCaseIdsAreReportedAtTheRepeatedValue() {
        let diagnostics = validate(
            """
            suite: t
            defaults: {seq_len: 16, head_dim: 16}
            matrix:
              algorithm: [online, flash]
              seq_len: [16, 32, 16]
            """
        ).diagnostics
        // One duplicate per algorithm, both at the repeated 16, each naming the first.
        XCTAssertEqual(diagnostics.count, 2)
        assertDiagnostic(
            diagnostics.first, .duplicateCase, line: 5, column: 21,
            contains:
                "duplicate case id 'online-mha-b1-h8-kv8-l16-kv16-d16-fp32-t64x64': same parameters as the case from t.yaml:5:13"
        )
        assertDiagnostic(diagnostics.last, .duplicateCase, line: 5, column: 21, contains: "'flash-mha")
    }

    func testExplicitDefaultTileDuplicatesTheImplicitOne() {
        let diagnostics = validate(
            """
            suite: t
            defaults: {seq_len: 16, head_dim: 16}
            matrix: {tile: [auto, 64x64]}
            """
        ).diagnostics
        XCTAssertEqual(diagnostics.count, 1)
        assertDiagnostic(diagnostics.first, .duplicateCase, line: 3, column: 23, contains: "-t64x64'")
    }

    func testSRAMAndProfileConflictAndUnknownProfile() {
        let diagnostics = validate(
            """
            suite: t
            defaults: {sram: 96KiB, seq_len: 16, head_dim: 16}
            matrix: {profile: [h100, b200]}
            """
        ).diagnostics
        XCTAssertEqual(diagnostics.count, 2)
        assertDiagnostic(
            diagnostics.first, .conflict, line: 3, column: 20,
            contains: "sram (96KiB) and profile (h100: 228KiB) both set the SRAM capacity")
        assertDiagnostic(
            diagnostics.last, .unknownValue, line: 3, column: 26,
            contains: "unknown profile 'b200' (did you mean 'h200'?); valid: a100, h100, h200, host")
    }

    func testChecksAreParsedAndBadOnesReported() throws {
        let good = validate(
            """
            suite: t
            measure: {counters: [PAPI_TOT_INS]}
            checks:
              time: {max_regression: 10%}
              hbm_bytes: exact
              rmse: {max: 1e-5}
              gflops: {tolerance: 0.01}
              PAPI_TOT_INS: {max_regression: 5%, exact: false}
            """)
        XCTAssertEqual(good.diagnostics.map(\.description), [])
        let checks = try XCTUnwrap(good.suite?.checks)
        XCTAssertEqual(checks["time"], CheckSpec(maxRegression: 0.1))
        XCTAssertEqual(checks["hbm_bytes"], CheckSpec(exact: true))
        XCTAssertEqual(checks["rmse"], CheckSpec(max: 1e-5))
        XCTAssertEqual(checks["gflops"], CheckSpec(tolerance: 0.01))
        XCTAssertEqual(checks["PAPI_TOT_INS"], CheckSpec(exact: false, maxRegression: 0.05))

        let bad = validate(
            """
            suite: t
            checks:
              tme: {max_regression: 10%}
              flops: roughly
              rmse: {max_regression: 10}
              hbm_bytes: {}
            """
        ).diagnostics
        XCTAssertEqual(bad.map(\.kind), [.badCheck, .badCheck, .badQuantity, .badCheck])
        XCTAssertEqual(bad.map(\.location.line), [3, 4, 5, 6])
        XCTAssertTrue(bad[0].message.contains("did you mean 'time'"), bad[0].message)
    }

    func testAllErrorsAreCollectedInFileOrder() {
        let diagnostics = validate(
            """
            suite: t
            defaults:
              heads: 8
              seqlen: 64
              head_dim: abc
            measure: {min_time: 5 minutes}
            matrix:
              kv_heads: [3]
              algorithm: [flash, flash3]
            """
        ).diagnostics
        XCTAssertEqual(diagnostics.map(\.location.line), [4, 5, 6, 8, 9])
        XCTAssertEqual(diagnostics.map(\.kind), [.unknownKey, .wrongType, .badQuantity, .headLayout, .unknownValue])
    }

    func testMissingFileAndEmptyFile() {
        let missing = SuiteLoader().validate(path: "/nonexistent/x.yaml").diagnostics
        XCTAssertEqual(missing.map(\.description), ["/nonexistent/x.yaml: error: no such suite file"])
        assertDiagnostic(onlyDiagnostic(""), .syntax, line: 1, column: 1, contains: "empty")
    }

    func testLoadThrowsEveryDiagnostic() {
        XCTAssertThrowsError(
            try SuiteLoader().load(yaml: "suite: t\ndefaults: {seq_len: x, heads: y}\n", file: "t.yaml")
        ) { error in
            XCTAssertEqual((error as? SuiteValidationError)?.diagnostics.count, 2)
        }
    }
}

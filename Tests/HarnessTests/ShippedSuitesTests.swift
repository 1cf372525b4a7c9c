import AttentionKernels
import Foundation
import XCTest

@testable import Harness

/// Every suite in Suites/ validates, and the ones with a budget keep to it.
final class ShippedSuitesTests: XCTestCase {
    static let suitesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Suites")

    private func load(_ name: String) throws -> ExpandedSuite {
        try SuiteLoader().load(path: Self.suitesDirectory.appendingPathComponent(name).path)
    }

    func testEveryShippedSuiteValidates() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.suitesDirectory.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertEqual(
            files,
            [
                "ci.yaml", "fp8-accuracy.yaml", "gqa-decode.yaml", "quick.yaml",
                "softmax-passes.yaml", "tiling-sram.yaml", "vs-pytorch-threads.yaml", "vs-pytorch.yaml"
            ])
        for file in files {
            let result = SuiteLoader().validate(path: Self.suitesDirectory.appendingPathComponent(file).path)
            XCTAssertEqual(result.diagnostics.map(\.description), [], file)
            XCTAssertFalse(result.cases.isEmpty, file)
            XCTAssertEqual(result.suite?.name, String(file.dropLast(5)), "suite name matches the file name")
        }
    }

    func testQuickCoversEveryAlgorithmAndLayoutWithinAMinute() throws {
        let quick = try load("quick.yaml")
        XCTAssertEqual(
            Set(quick.cases.map(\.parameters.algorithm)), Set(AttentionKernels.Algorithm.allCases.map(\.rawValue)))
        XCTAssertEqual(Set(quick.cases.map(\.layout.name)), ["mha", "gqa", "mqa"])
        XCTAssertTrue((20...40).contains(quick.cases.count), "\(quick.cases.count) cases")
        // At 30 GFLOP/s (the slow end of the kernels here) the estimate must stay well inside a minute.
        let model = CaseCostModel(flopsPerSecondPerThread: 30e9)
        let seconds = quick.cases.reduce(0) { $0 + model.cost(of: $1, measure: quick.suite.measure).estimatedSeconds }
        XCTAssertLessThan(seconds, 30, "estimated \(seconds) s")
        print(CaseListing.render(quick.cases, measure: quick.suite.measure))
    }

    /// docs/kernels.md's comparison: every prefill shape (MHA and GQA) with PyTorch, attnbench
    /// flash and three-pass; every decode shape (MHA, GQA-8, MQA; two cache lengths) with
    /// PyTorch, flash and flash-decoding; all on one thread.
    func testVsPyTorchPutsTorchNextToTheAlgorithmsOnEveryShape() throws {
        let suite = try load("vs-pytorch.yaml")
        XCTAssertEqual(suite.suite.reference, "torch")
        XCTAssertTrue(suite.suite.measure.interleave)
        var variants: [String: Set<String>] = [:]
        for c in suite.cases {
            let p = c.parameters
            let shape = "\(p.heads)/\(p.kvHeads) \(p.seqLen)x\(p.kvLen) d\(p.headDim) \(p.causal)"
            variants[shape, default: []].insert(p.isBuiltIn ? p.algorithm : p.implementation)
            XCTAssertEqual(p.threads, 1)
            XCTAssertNil(p.tile, "an explicit tile would make the torch cases skip")
        }
        let prefill = variants.filter { !$0.key.contains(" 1x") }, decode = variants.filter { $0.key.contains(" 1x") }
        XCTAssertEqual(prefill.count, 2 * 2 * 2 * 2)
        XCTAssertTrue(prefill.values.allSatisfy { $0 == ["torch", "flash", "three-pass"] }, "\(prefill)")
        XCTAssertEqual(decode.count, 3 * 2)
        XCTAssertTrue(decode.values.allSatisfy { $0 == ["torch", "flash", "flash-decoding"] }, "\(decode)")
        XCTAssertEqual(Set(suite.cases.filter { $0.parameters.seqLen == 1 }.map(\.layout.name)), ["mha", "gqa", "mqa"])
    }

    func testCIGatesOnDeterministicMetrics() throws {
        let ci = try load("ci.yaml")
        XCTAssertEqual(ci.suite.checks["hbm_bytes"], CheckSpec(exact: true))
        XCTAssertEqual(ci.suite.checks["flops"], CheckSpec(exact: true))
        XCTAssertEqual(ci.suite.checks["time"], CheckSpec(maxRegression: 0.1))
        XCTAssertNotNil(ci.suite.checks["rmse"]?.max)
        XCTAssertEqual(Set(ci.cases.map(\.parameters.algorithm)).count, 4)
        // Instruction counts and last-level misses gate too, on caches named in the suite
        // (never the runner's), so Intel and AMD runners simulate the same machine.
        XCTAssertEqual(ci.suite.measure.counters, ["sim::Ir", "sim::LLmr"])
        XCTAssertFalse(ci.suite.measure.simCache.dependsOnHost, ci.suite.measure.simCache.text)
        XCTAssertEqual(ci.suite.checks["sim::*"], CheckSpec(tolerance: 0.01))
        let tiling = try load("tiling-sram.yaml")
        XCTAssertTrue(tiling.suite.measure.simCache.isSRAM, "tiling-sram checks the model against a simulated SRAM")
    }

    func testDecodeSuiteIsSingleQueryAgainstLongCaches() throws {
        let decode = try load("gqa-decode.yaml")
        XCTAssertTrue(decode.cases.allSatisfy { $0.shape.qLen == 1 && $0.shape.kvLen >= 1024 })
        XCTAssertEqual(Set(decode.cases.map(\.layout.name)), ["mha", "gqa", "mqa"])
        XCTAssertEqual(Set(decode.cases.map(\.parameters.algorithm)), ["online", "flash", "flash-decoding"])
    }

    func testFP8SuiteCoversEveryFormatScalingAndIncoherentOnBothDistributions() throws {
        let fp8 = try load("fp8-accuracy.yaml")
        let combos = Set(
            fp8.cases.map { "\($0.parameters.precision) \($0.parameters.scaling) \($0.parameters.incoherent)" })
        XCTAssertEqual(combos.count, 1 + 2 * 3 * 2)
        XCTAssertEqual(Set(fp8.cases.map(\.distribution.outlierFraction)), [0, 0.001])
        XCTAssertEqual(fp8.cases.count, 2 * 2 * 13)
    }

    func testListingShowsEveryCaseAndTheTotal() throws {
        let ci = try load("ci.yaml")
        let table = CaseListing.render(ci.cases, measure: ci.suite.measure)
        for c in ci.cases { XCTAssertTrue(table.contains(c.id), c.id) }
        XCTAssertTrue(table.contains("total (\(ci.cases.count) cases)"))
    }

    func testCostOfOneCaseByHand() throws {
        // flash, 1 head, L = 256, D = 64: 4·256·256·64 = 16 777 216 FLOPs; at 50 GFLOP/s 0.335 ms per call.
        let c = try XCTUnwrap(cases("suite: t\ndefaults: {heads: 1, seq_len: 256, head_dim: 64, tile: 64x64}\n").first)
        let measure = MeasureSpec(warmup: 2, minSamples: 5, maxSamples: 50, minTime: 0.01)
        let cost = CaseCostModel().cost(of: c, measure: measure)
        XCTAssertEqual(cost.nominalFlops, 16_777_216)
        XCTAssertEqual(cost.hbmBytes, try c.makePlan().modeledTraffic().hbmBytes)
        XCTAssertGreaterThan(cost.hbmBytes, 4 * 256 * 64 * 4)  // at least Q, K, V, O once
        XCTAssertEqual(cost.secondsPerCall, 16_777_216 / 50e9, accuracy: 1e-12)
        // Calls this short are batched into samples of at least 5 ms: ceil(0.01 / 0.005) = 2,
        // so min_samples (5) decides.
        XCTAssertEqual(cost.expectedSamples, 5)
        // 2 warm-up calls and 1 untimed call, 5 samples of 5 ms, the float64 reference
        // (16 777 216 FLOPs at 1 GFLOP/s) and 2 ms of overhead.
        XCTAssertEqual(
            cost.estimatedSeconds, 3 * cost.secondsPerCall + 5 * 0.005 + 0.016_777_216 + 0.002, accuracy: 1e-12)
    }
}

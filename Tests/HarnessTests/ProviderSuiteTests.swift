import AttentionKernels
import Foundation
import XCTest

@testable import Harness

/// Implementations in suites (the `implementation` key, `providers:`, `reference:`), their
/// ids and records, the capability rules and the interleaving order — everything about
/// providers that needs no child process.
final class ProviderSuiteTests: XCTestCase {
    func testAttnbenchIdsAreUnchangedAndProviderIdsNameTheProvider() {
        let plain = cases("suite: t\ndefaults: {heads: 2, seq_len: 64, head_dim: 16}\n").map(\.id)
        let explicit = cases(
            """
            suite: t
            defaults: {heads: 2, seq_len: 64, head_dim: 16}
            matrix:
              implementation: [attnbench, torch, numpy]
            """)
        XCTAssertEqual(plain, ["flash-mha-b1-h2-kv2-l64-kv64-d16-fp32-t64x64"])
        XCTAssertEqual(explicit.map(\.id), plain + ["torch-" + plain[0], "numpy-" + plain[0]])
        XCTAssertEqual(explicit.map(\.parameters.implementation), ["attnbench", "torch", "numpy"])
        XCTAssertEqual(explicit.map(\.parameters.isBuiltIn), [true, false, false])
    }

    func testSuiteProvidersAreImplementationsAndUnknownNamesAreLocated() {
        let ok = validate(
            """
            suite: t
            providers:
              mine: [python, my_provider.py, --fast]
            matrix:
              implementation: [attnbench, mine]
            """)
        XCTAssertEqual(ok.diagnostics.map(\.description), [])
        XCTAssertEqual(ok.suite?.providers.map(\.command), [["python", "my_provider.py", "--fast"]])
        XCTAssertEqual(ok.cases.map(\.parameters.implementation), ["attnbench", "mine"])

        let typo = onlyDiagnostic(
            """
            suite: t
            matrix:
              implementation: [attnbench, troch]
            """)
        assertDiagnostic(
            typo, .unknownValue, line: 3, column: 31, contains: "unknown implementation 'troch' (did you mean 'torch'?)"
        )
    }

    func testBadProviderDeclarationsAreRefused() {
        let builtIn = onlyDiagnostic("suite: t\nproviders:\n  torch: [python3, x.py]\n")
        assertDiagnostic(builtIn, .conflict, line: 3, column: 3, contains: "'torch' is a built-in implementation")
        let empty = onlyDiagnostic("suite: t\nproviders:\n  mine: []\n")
        assertDiagnostic(empty, .wrongType, line: 3, column: 9, contains: "is empty")
        let scalar = onlyDiagnostic("suite: t\nproviders:\n  mine: ./run.sh\n")
        assertDiagnostic(scalar, .wrongType, line: 3, column: 9, contains: "must be a list")
        let name = onlyDiagnostic("suite: t\nproviders:\n  My Kernel: [./k]\n")
        assertDiagnostic(name, .wrongType, line: 3, column: 3, contains: "not valid")
        let reference = onlyDiagnostic("suite: t\nreference: numpyy\n")
        assertDiagnostic(reference, .unknownValue, line: 2, column: 12, contains: "did you mean 'numpy'")
        XCTAssertEqual(validate("suite: t\nreference: attnbench:flash\n").diagnostics.map(\.description), [])
        XCTAssertNotNil(onlyDiagnostic("suite: t\nreference: attnbench:fast\n"))
    }

    func testCapabilitiesRefuseWhatTheProviderCannotDo() {
        let base = cases(
            """
            suite: t
            defaults: {heads: 4, seq_len: 32, head_dim: 16}
            include:
              - {seed: 1}
              - {precision: fp8-e4m3}
              - {algorithm: three-pass}
              - {causal: true}
              - {kv_heads: 2}
              - {threads: 2}
              - {tile: 16x16}
            """
        ).map(\.parameters)
        let plain = ProviderCapabilities()
        XCTAssertEqual(
            base.map { plain.refusal(of: $0, provider: "p") == nil },
            [true, false, true, true, true, true, false])
        XCTAssertEqual(plain.refusal(of: base[1], provider: "p"), "p does not run fp8-e4m3 (it runs fp32)")
        let narrow = ProviderCapabilities(algorithms: ["flash"], causal: false, gqa: false, maxThreads: 1)
        XCTAssertEqual(
            base.map { narrow.refusal(of: $0, provider: "p") == nil },
            [true, false, false, false, false, false, false])
        XCTAssertEqual(
            narrow.refusal(of: base[2], provider: "p"),
            "p does not implement the three-pass algorithm (it implements flash)")
        let wide = ProviderCapabilities(precisions: ["fp32", "fp8-e4m3"], tiles: true)
        XCTAssertTrue(base.allSatisfy { wide.refusal(of: $0, provider: "p") == nil })
    }

    func testRecordsWithoutAnImplementationLoadAsAttnbench() throws {
        let c = cases("suite: t\ndefaults: {heads: 2, seq_len: 8, head_dim: 16}\nmatrix: {implementation: [numpy]}\n")[
            0]
        let encoded = try RecordJSON.encoder().encode(c.parameters)
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        XCTAssertEqual(object["implementation"] as? String, "numpy")
        XCTAssertEqual(try RecordJSON.decoder().decode(CaseParameters.self, from: encoded), c.parameters)
        object.removeValue(forKey: "implementation")
        let old = try JSONSerialization.data(withJSONObject: object)
        XCTAssertEqual(try RecordJSON.decoder().decode(CaseParameters.self, from: old).implementation, "attnbench")
    }

    func testInterleavedRoundsAlternateImplementations() {
        var rng = Xoshiro256StarStar(seed: 3, stream: 7)
        let items = ["a1", "a2", "a3", "a4", "t1", "t2", "n1"]
        for _ in 0..<20 {
            let order = InterleavedOrder.round(items, implementation: { String($0.prefix(1)) }, using: &rng)
            XCTAssertEqual(order.sorted(), items.sorted())
            let kinds = order.map { $0.prefix(1) }
            // While more than one implementation is left in the round, neighbours differ.
            let mixed = kinds.prefix(5)
            XCTAssertTrue(zip(mixed, mixed.dropFirst()).allSatisfy { $0 != $1 }, "\(order)")
        }
        var a = Xoshiro256StarStar(seed: 3, stream: 7), b = Xoshiro256StarStar(seed: 3, stream: 7)
        let single = ["x1", "x2", "x3", "x4"]
        XCTAssertEqual(
            InterleavedOrder.round(single, implementation: { _ in "x" }, using: &a), single.shuffled(using: &b),
            "one implementation: the plain seeded shuffle, as before providers existed")
    }

    func testProtocolMessagesAreOneLineWithSnakeCaseKeys() throws {
        let request = ProviderProtocol.Run(id: "torch-flash-x", calls: 3)
        XCTAssertEqual(ProviderProtocol.encode(request), #"{"calls":3,"id":"torch-flash-x","type":"run"}"#)
        let hello = try ProviderProtocol.decode(
            ProviderProtocol.Hello.self,
            from: """
                {"type": "hello", "protocol": 1, "name": "k", "capabilities": {"max_threads": 1, "algorithms": ["flash"]}}
                """
        ).get()
        XCTAssertEqual(hello.capabilities, ProviderCapabilities(algorithms: ["flash"], maxThreads: 1))
        guard case .failure(let error) = ProviderProtocol.decode(ProviderProtocol.Reply.self, from: "loading model…")
        else {
            return XCTFail("a line that is not JSON must be refused")
        }
        XCTAssertTrue(error.description.contains("'loading model…' (not JSON)"), error.description)
    }

    func testPythonIsFoundInTheDocumentedOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attnbench-python-\(UUID().uuidString)")
        let bin = dir.appendingPathComponent(".venv/bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let venv = bin.appendingPathComponent("python")
        XCTAssertTrue(
            FileManager.default.createFile(
                atPath: venv.path, contents: Data("#!/bin/sh\n".utf8),
                attributes: [.posixPermissions: 0o755]))
        let path = ["PATH": bin.path]
        XCTAssertEqual(
            try PythonFinder.find(project: dir, environment: ["ATTNBENCH_PYTHON": venv.path]).get().origin,
            "ATTNBENCH_PYTHON")
        XCTAssertEqual(
            try PythonFinder.find(project: dir, environment: path).get(), .init(path: venv.path, origin: ".venv"))
        guard
            case .failure(let missing) = PythonFinder.find(
                project: dir, environment: ["ATTNBENCH_PYTHON": "/nonexistent/py"])
        else {
            return XCTFail("a wrong ATTNBENCH_PYTHON must not fall back silently")
        }
        XCTAssertTrue(missing.description.contains("ATTNBENCH_PYTHON=/nonexistent/py is not an executable"))
        guard case .failure = PythonFinder.find(project: nil, environment: ["PATH": dir.path]) else {
            return XCTFail("no python3 on PATH and no .venv: no interpreter")
        }
    }
}

import Foundation
import Harness
import TestFixtures
import XCTest

@testable import Reports

/// run.json against docs/run-record.schema.json (validated by Python's jsonschema), and
/// docs/run-record.md against the schema and the CSV columns.
final class SchemaTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let docs = repository.appendingPathComponent("docs")

    /// Exit code the script uses when jsonschema cannot be imported.
    static let missingModule: Int32 = 77

    static let script = """
        import json, re, sys
        try:
            import jsonschema
        except ImportError:
            sys.exit(77)
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        failed = False
        for path in sys.argv[3:]:
            for error in validator.iter_errors(json.load(open(path))):
                failed = True
                print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
        names = set()
        def walk(node):
            if isinstance(node, dict):
                names.update(node.get("properties", {}).keys())
                for value in node.values(): walk(value)
            elif isinstance(node, list):
                for value in node: walk(value)
        walk(schema)
        doc = open(sys.argv[2]).read()
        for name in sorted(names):
            if f"`{name}`" not in doc:
                failed = True
                print(f"docs/run-record.md does not document `{name}`")
        sys.exit(1 if failed else 0)
        """

    /// Runs `python3` as found on PATH (pyenv, virtualenvs), like a user's shell would.
    func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            throw XCTSkip("python3 not found on PATH: run.json is not validated against docs/run-record.schema.json")
        }
        return (process.terminationStatus, text)
    }

    func testRecordsValidateAgainstSchemaAndDocsCoverIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attnbench-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = Fixture.fullRecord()
        var minimal = Fixture.run([])
        minimal.finishedAt = nil
        minimal.suite.description = nil
        minimal.environment.gitCommit = nil
        minimal.environment.papiVersion = nil
        minimal.environment.governor = nil
        let records = [
            full, minimal, Fixture.providerRun(), Fixture.syntheticRun(Fixture.matrix(), seed: 1),
            BaselineStore.strippingSamples(Fixture.syntheticRun(Fixture.matrix(), seed: 2))
        ]
        var paths: [String] = []
        for (i, record) in records.enumerated() {
            let url = dir.appendingPathComponent("run\(i).json")
            try record.jsonData().write(to: url)
            paths.append(url.path)
        }
        let scriptURL = dir.appendingPathComponent("validate.py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let (status, text) = try python(
            [
                scriptURL.path, Self.docs.appendingPathComponent("run-record.schema.json").path,
                Self.docs.appendingPathComponent("run-record.md").path
            ] + paths)
        if status == Self.missingModule {
            throw XCTSkip("python3 has no jsonschema module (pip install jsonschema): schema validation skipped")
        }
        XCTAssertEqual(status, 0, text)
    }

    func testDocsListEveryCSVColumnInOrder() throws {
        let doc = try String(contentsOf: Self.docs.appendingPathComponent("run-record.md"), encoding: .utf8)
        var position = doc.startIndex
        for column in CSVColumns.fixed.map(\.name) {
            let found = try XCTUnwrap(
                doc.range(of: "`\(column)`", range: position..<doc.endIndex),
                "docs/run-record.md lacks CSV column \(column) (or lists it out of order)")
            position = found.upperBound
        }
        XCTAssertTrue(doc.contains("`counter:NAME`"))
        for column in ComparisonCSVRenderer.header {
            XCTAssertTrue(doc.contains("`\(column)`"), "comparison.csv column \(column) undocumented")
        }
    }
}

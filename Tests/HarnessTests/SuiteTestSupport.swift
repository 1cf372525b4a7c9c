import XCTest

@testable import Harness

/// Shared helpers: load suites from text and look at what came out.
extension XCTestCase {
    /// Validates `yaml` as file `t.yaml`.
    func validate(_ yaml: String, file: String = "t.yaml") -> SuiteValidation {
        SuiteLoader().validate(yaml: yaml, file: file)
    }

    /// The cases of a suite that must be valid; fails the test with every diagnostic otherwise.
    func cases(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> [SuiteCase] {
        let result = validate(yaml)
        XCTAssertEqual(result.diagnostics.map(\.description), [], file: file, line: line)
        return result.cases
    }

    /// The single diagnostic of an invalid suite; fails unless there is exactly one.
    func onlyDiagnostic(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> SuiteDiagnostic? {
        let diagnostics = validate(yaml).diagnostics
        XCTAssertEqual(
            diagnostics.count, 1, diagnostics.map(\.description).joined(separator: "\n"), file: file, line: line)
        return diagnostics.count == 1 ? diagnostics[0] : nil
    }

    /// Asserts kind, line and column of a diagnostic, and that its message contains `text`.
    func assertDiagnostic(
        _ d: SuiteDiagnostic?, _ kind: SuiteDiagnostic.Kind, line: Int, column: Int,
        contains text: String = "", file: StaticString = #filePath, testLine: UInt = #line
    ) {
        guard let d else { return XCTFail("no diagnostic", file: file, line: testLine) }
        XCTAssertEqual(d.kind, kind, d.description, file: file, line: testLine)
        XCTAssertEqual(d.location.line, line, d.description, file: file, line: testLine)
        XCTAssertEqual(d.location.column, column, d.description, file: file, line: testLine)
        if !text.isEmpty {
            XCTAssertTrue(
                d.message.contains(text), "'\(d.message)' does not contain '\(text)'", file: file, line: testLine)
        }
    }
}

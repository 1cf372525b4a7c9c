import Foundation
import TestFixtures
import XCTest

@testable import Harness

/// The JSON reader of run records against Foundation's `JSONDecoder` (the same values),
/// and its errors: JSON path, line and column, numbers out of range.
final class JSONDocumentDecoderTests: XCTestCase {
    func testDecodesWhatFoundationDecodes() throws {
        let data = try Fixture.fullRecord().jsonData()
        let ours = try JSONDocumentDecoder(try JSONDocument(data)).decode(RunRecord.self)
        let foundation = try RecordJSON.decoder().decode(RunRecord.self, from: data)
        XCTAssertEqual(try ours.jsonData(), try foundation.jsonData())
    }

    /// `Sample` is decoded by hand (it is most of a large record): this fails when it
    /// gains a stored property that `Sample+JSONDocument.swift` does not read.
    func testSampleDecoderReadsEveryStoredProperty() throws {
        let sample = Sample(
            wallNs: 5, cpuNs: 4, counters: ["PAPI_TOT_INS": 3, "wall_ns": 2], calls: 7, round: 2,
            startNs: 123_456)
        XCTAssertEqual(Mirror(reflecting: sample).children.compactMap(\.label), Sample.documentKeys)
        let data = try RecordJSON.encoder().encode([sample, Sample(wallNs: 1, cpuNs: 0)])
        XCTAssertEqual(
            try JSONDocumentDecoder(try JSONDocument(data)).decode([Sample].self),
            [sample, Sample(wallNs: 1, cpuNs: 0)])
    }

    func testErrorsNameThePathLineAndColumn() throws {
        func reason(_ text: String) -> String {
            do {
                _ = try RunRecord.decode(jsonData: Data(text.utf8), path: "x.json")
                return "decoded"
            } catch {
                return "\(error)"
            }
        }
        let record = String(decoding: try Fixture.fullRecord().jsonData(), as: UTF8.self)
        let big = record.replacingOccurrences(of: "\"batch\" : 1,", with: "\"batch\" : 1e30,")
        XCTAssertNotEqual(big, record)
        XCTAssertTrue(reason(big).contains("cases[0].parameters.batch: expected an integer"), reason(big))
        XCTAssertTrue(reason(big).contains("found 1e30 (line "), reason(big))
        XCTAssertTrue(
            reason("{\"a\": [1, 2,]}").contains("not valid JSON: unexpected character ']' at line 1, column 13"),
            reason("{\"a\": [1, 2,]}"))
        XCTAssertTrue(reason("{\"schema_version\": 1}").contains("missing key"), reason("{\"schema_version\": 1}"))
        XCTAssertTrue(reason("[]").contains("expected a JSON object"))
        XCTAssertTrue(reason("{}").contains("no \"schema_version\""))
        XCTAssertTrue(reason("\"\\ud83d\\ude00\"").contains("expected a JSON object"))
        XCTAssertEqual(
            try JSONDocumentDecoder(try JSONDocument(Data("[\"\\u00e9\\n\\ud83d\\ude00\"]".utf8)))
                .decode([String].self), ["é\n😀"])
    }
}

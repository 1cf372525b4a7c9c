import Foundation
import Harness

/// One Encodable value as snake_case JSON text, for commands that print JSON.
///
/// NaN and infinities (metrics of inputs that hold them) are written as the strings
/// `"nan"`, `"inf"` and `"-inf"`, as in run.json; JSON numbers cannot express them, and
/// the encoder would otherwise fail and leave nothing to print.
enum JSONText {
    static func encode<T: Encodable>(_ value: T, pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        let names = RecordJSON.nonFiniteStrings
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: names.positiveInfinity, negativeInfinity: names.negativeInfinity, nan: names.nan)
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            // Only a value that is not JSON at all gets here; say so rather than print "{}".
            return
                "{\"error\": \"cannot encode as JSON: \(String(describing: error).replacingOccurrences(of: "\"", with: "'"))\"}"
        }
    }
}

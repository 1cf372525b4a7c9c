import Foundation

/// The messages attnbench and a provider exchange, one JSON object per line (see
/// docs/providers.md). Every request gets exactly one reply line; the provider writes its
/// hello first, unasked, and exits when its stdin ends.
public enum ProviderProtocol {
    /// The protocol version this attnbench speaks (`protocol` in the hello).
    public static let version = 1

    /// The provider's first line.
    public struct Hello: Codable, Equatable, Sendable {
        public var type: String
        public var `protocol`: Int
        public var name: String
        public var version: String?
        public var description: String?
        public var capabilities: ProviderCapabilities?
    }

    /// Make a case ready: load the inputs, run once, write O to `out` (a `.npy`, float32,
    /// `[B, Hq, Lq, D]`). Reply `ready`, `skipped` (with `reason`) or `error` (`message`).
    public struct Prepare: Codable, Equatable, Sendable {
        public var type = "prepare"
        /// The case id; later requests name the case by it.
        public var id: String
        public var batch: Int
        public var heads: Int
        public var kvHeads: Int
        public var seqLen: Int
        public var kvLen: Int
        public var headDim: Int
        /// Bottom-right aligned: query i attends keys j ≤ i + (kv_len − seq_len).
        public var causal: Bool
        /// The softmax scale, a float32 value (1/√head_dim).
        public var scale: Double
        public var algorithm: String
        public var precision: String
        public var scaling: String
        public var incoherent: Bool
        /// The explicit tile, when the case sets one (only sent to providers with `tiles`).
        public var tile: String?
        public var threads: Int
        /// Absolute paths of the inputs (`.npy`, float32, C order): Q `[B, Hq, Lq, D]`,
        /// K and V `[B, Hkv, Lkv, D]`.
        public var q: String
        public var k: String
        public var v: String
        /// Where to write O.
        public var out: String
    }

    /// Time `calls` calls back to back; reply `timed` with one duration per call (`ns`).
    public struct Run: Codable, Equatable, Sendable {
        public var type = "run"
        public var id: String
        public var calls: Int
    }

    /// The case is finished: free what it holds. Reply `released`.
    public struct Release: Codable, Equatable, Sendable {
        public var type = "release"
        public var id: String
    }

    /// Any reply after the hello: `ready`, `skipped`, `error`, `timed`, `released`.
    public struct Reply: Codable, Equatable, Sendable {
        public var type: String
        public var reason: String?
        public var message: String?
        /// Per-call wall times measured inside the provider, ns.
        public var ns: [Int64]?
    }

    /// One line of JSON (snake_case keys, sorted).
    static func encode<T: Encodable>(_ message: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // The message types hold only strings, numbers and booleans: encoding cannot fail.
        return (try? encoder.encode(message)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A message from one line, or why the line is not one.
    static func decode<T: Decodable>(_ type: T.Type, from line: String) -> Result<T, ProviderError> {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return .success(try decoder.decode(T.self, from: Data(line.utf8)))
        } catch {
            let shown = line.count > 200 ? String(line.prefix(200)) + "…" : line
            return .failure(
                .protocolViolation(
                    "expected a JSON \(T.self == Hello.self ? "hello" : "reply") line, got '\(shown)'"
                        + " (\(Self.why(error))); diagnostics belong on stderr"))
        }
    }

    private static func why(_ error: Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case let .keyNotFound(key, _): return "missing \"\(key.stringValue)\""
        case let .typeMismatch(_, ctx), let .valueNotFound(_, ctx):
            return "wrong type at \"\(ctx.codingPath.map(\.stringValue).joined(separator: "."))\""
        case .dataCorrupted: return "not JSON"
        @unknown default: return "\(e)"
        }
    }
}

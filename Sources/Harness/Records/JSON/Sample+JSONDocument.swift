/// Samples are most of a large run record (a 200 MB run.json holds about a million), so
/// they are decoded straight from the document. The keys are those of `Sample`'s
/// synthesized `Codable` (snake_case); `JSONDocumentDecoderTests` fails when `Sample`
/// gains a stored property this does not read.
extension Sample: JSONDocumentDecodable {
    static func decode(_ decoder: JSONDocumentDecoder, node: Int) throws -> Sample {
        let document = decoder.document
        guard document.kinds[node] == .object else { throw decoder.mismatch(Sample.self, node, "an object") }
        var wall: Int?, cpu: Int?, counters: Int?, calls: Int?, round: Int?, start: Int?, invocation: Int?
        for i in 0..<document.count(node) {
            let e = document.entry(node, i)
            if document.stringEquals(e.key, Self.wallKey) {
                wall = e.value
            } else if document.stringEquals(e.key, Self.cpuKey) {
                cpu = e.value
            } else if document.stringEquals(e.key, Self.countersKey) {
                counters = e.value
            } else if document.stringEquals(e.key, Self.callsKey) {
                calls = e.value
            } else if document.stringEquals(e.key, Self.roundKey) {
                round = e.value
            } else if document.stringEquals(e.key, Self.startKey) {
                start = e.value
            } else if document.stringEquals(e.key, Self.invocationKey) {
                invocation = e.value
            }
        }
        func required(_ value: Int?, _ key: String) throws -> Int {
            guard let value else {
                throw DecodingError.keyNotFound(
                    PlainKey(key),
                    DecodingError.Context(
                        codingPath: decoder.codingPath(node),
                        debugDescription: "no key \"\(key)\" in the sample at \(decoder.location(node))"))
            }
            return value
        }
        func optionalInt(_ node: Int?) throws -> Int? {
            try node.flatMap { document.kinds[$0] == .null ? nil : try decoder.int($0) }
        }
        let startValue: Int64? = try start.flatMap { document.kinds[$0] == .null ? nil : try decoder.int64($0) }
        return Sample(
            wallNs: try decoder.int64(try required(wall, "wall_ns")),
            cpuNs: try decoder.int64(try required(cpu, "cpu_ns")),
            counters: try [String: Int64].decode(decoder, node: try required(counters, "counters")),
            calls: try optionalInt(calls), round: try optionalInt(round), startNs: startValue,
            invocation: try optionalInt(invocation))
    }

    /// The stored properties this decoder reads (a test compares them with `Sample`'s).
    static let documentKeys = ["wallNs", "cpuNs", "counters", "calls", "round", "startNs", "invocation"]

    private static let wallKey = Array("wall_ns".utf8), cpuKey = Array("cpu_ns".utf8)
    private static let countersKey = Array("counters".utf8), callsKey = Array("calls".utf8)
    private static let roundKey = Array("round".utf8), startKey = Array("start_ns".utf8)
    private static let invocationKey = Array("invocation".utf8)
}

/// Why an event (or the counter library) cannot count, in words a user can act on.
///
/// Reports list the `description` next to the event instead of a number, so an event
/// that cannot count is never mistaken for one that counted zero.
public struct CounterFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// PAPI's return code (`PAPI_ENOEVNT` is -7, …), or nil when the failure is not PAPI's.
    public var code: Int32?
    /// PAPI's own error text (`PAPI_strerror`) or a plain explanation, with any context first.
    public var message: String

    /// A failure with PAPI's `code` (nil for failures that are not PAPI's) and its text.
    public init(code: Int32? = nil, message: String) {
        self.code = code
        self.message = message
    }

    /// `message` followed by the PAPI constant and code, e.g.
    /// `Event does not exist (PAPI_ENOEVNT, -7)`.
    public var description: String {
        guard let code else { return message }
        if let name = PAPIErrorName.name(of: code) { return "\(message) (\(name), \(code))" }
        return "\(message) (PAPI error \(code))"
    }

    /// The same failure with `context` put in front of the message.
    public func prefixed(_ context: String) -> CounterFailure {
        CounterFailure(code: code, message: context + message)
    }
}

/// Symbolic names of PAPI's error codes, which `PAPI_strerror` does not give.
enum PAPIErrorName {
    private static let names: [Int32: String] = [
        -1: "PAPI_EINVAL", -2: "PAPI_ENOMEM", -3: "PAPI_ESYS", -4: "PAPI_ECMP", -5: "PAPI_ECLOST",
        -6: "PAPI_EBUG", -7: "PAPI_ENOEVNT", -8: "PAPI_ECNFLCT", -9: "PAPI_ENOTRUN", -10: "PAPI_EISRUN",
        -11: "PAPI_ENOEVST", -12: "PAPI_ENOTPRESET", -13: "PAPI_ENOCNTR", -14: "PAPI_EMISC",
        -15: "PAPI_EPERM", -16: "PAPI_ENOINIT", -17: "PAPI_ENOCMP", -18: "PAPI_ENOSUPP",
        -19: "PAPI_ENOIMPL", -20: "PAPI_EBUF", -21: "PAPI_EINVAL_DOM", -22: "PAPI_EATTR",
        -23: "PAPI_ECOUNT", -24: "PAPI_ECOMBO", -25: "PAPI_ECMP_DISABLED", -26: "PAPI_EDELAY_INIT",
        -27: "PAPI_EMULPASS"
    ]

    static func name(of code: Int32) -> String? { names[code] }
}

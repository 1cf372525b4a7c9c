import CPAPI

/// The process-wide PAPI state: initialised once, on first use, from whichever thread
/// gets there first, and never shut down (event sets on worker threads may outlive
/// any one session).
enum PAPILibrary {
    /// nil when PAPI is initialised with thread support; otherwise why it is not.
    static let initialisationFailure: CounterFailure? = initialise()

    private static func initialise() -> CounterFailure? {
        let wanted = cpapi_ver_current()
        if PAPI_is_initialized() == PAPI_NOT_INITED {
            let got = PAPI_library_init(wanted)
            if got < 0 {
                return failure(got, context: "PAPI could not be initialised (PAPI_library_init): ")
            }
            if got != wanted {
                return CounterFailure(
                    message: "PAPI could not be initialised: the library is version "
                        + "\(PAPIVersion.format(got)), attnbench was built against \(PAPIVersion.format(wanted))")
            }
        }
        if PAPI_is_initialized() & PAPI_THREAD_LEVEL_INITED == 0 {
            let rc = cpapi_thread_init()
            if rc != PAPI_OK {
                return failure(rc, context: "PAPI could not enable thread support (PAPI_thread_init): ")
            }
        }
        return nil
    }

    /// PAPI's own text for `code`, e.g. "Event does not exist".
    static func errorText(_ code: Int32) -> String {
        guard let text = PAPI_strerror(code) else { return "unknown PAPI error" }
        return String(cString: text)
    }

    /// A failure carrying PAPI's code and text, with optional context in front.
    static func failure(_ code: Int32, context: String = "") -> CounterFailure {
        CounterFailure(code: code, message: context + errorText(code))
    }

    /// Calls `body` with a zeroed C buffer of `capacity` bytes and returns its status and
    /// the string left in the buffer.
    static func withStringBuffer(
        capacity: Int,
        _ body: (UnsafeMutablePointer<CChar>, Int32) -> Int32
    ) -> (status: Int32, text: String) {
        var buffer = [CChar](repeating: 0, count: capacity)
        let status = buffer.withUnsafeMutableBufferPointer { pointer -> Int32 in
            guard let base = pointer.baseAddress else { return PAPI_ENOMEM }
            return body(base, Int32(capacity))
        }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return (status, String(decoding: bytes, as: UTF8.self))
    }
}

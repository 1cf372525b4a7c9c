/// The backend a run uses unless told otherwise: PAPI where it can count the kernel's
/// software events itself, PAPI plus `PerfSoftwareBackend` where it cannot (its
/// perf_event component disabled, or PAPI not starting), and a `NullBackend` with PAPI's
/// reason when neither can count anything.
public enum DefaultCounterBackend {
    /// Decided once per process (PAPI and the kernel do not change under a running process).
    public static let shared: any CounterBackend = make()

    private static func make() -> any CounterBackend {
        let papi: any CounterBackend
        let why: String
        switch PAPIBackend.shared() {
        case .success(let backend):
            guard let disabled = backend.perfEventComponentFailure else { return backend }
            papi = backend
            why = "PAPI's perf_event component is disabled (\(disabled))"
        case .failure(let failure):
            papi = NullBackend(reason: failure)
            why = "PAPI is not available (\(failure.description))"
        }
        let software = PerfSoftwareBackend()
        guard software.unavailableReason == nil else { return papi }
        return CombinedBackend(primary: papi, software: software, reason: why)
    }
}

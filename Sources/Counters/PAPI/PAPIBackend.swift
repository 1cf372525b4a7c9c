import CPAPI

/// Counts through PAPI. There is one per process, because PAPI is initialised once per
/// process; get it with `PAPIBackend.shared()` or, to carry on without PAPI,
/// `PAPIBackend.automatic()`.
public final class PAPIBackend: CounterBackend {
    private static let instance = PAPIBackend()

    private init() {}

    /// The process's PAPI backend, initialising PAPI (with thread support) on first call;
    /// fails with PAPI's reason when it cannot be initialised.
    public static func shared() -> Result<PAPIBackend, CounterFailure> {
        if let failure = PAPILibrary.initialisationFailure { return .failure(failure) }
        return .success(instance)
    }

    /// PAPI when it initialises, else a `NullBackend` carrying PAPI's reason, so callers
    /// can always proceed and report what could not be counted.
    public static func automatic() -> any CounterBackend {
        switch shared() {
        case .success(let backend): return backend
        case .failure(let failure): return NullBackend(reason: failure)
        }
    }

    /// Why PAPI disabled its perf_event component (the one that counts CPU and kernel
    /// software events), e.g. "Error libpfm4 no default PMU found"; nil when it is active.
    public var perfEventComponentFailure: String? {
        guard let component = PAPICatalog.components().first(where: { $0.name == "perf_event" }) else {
            return "PAPI has no perf_event component"
        }
        return component.disabledReason
    }

    /// "PAPI 7.0.0.0" (the loaded library's version).
    public var versionDescription: String? { PAPIVersion.current.map { "PAPI \($0)" } }

    /// Why PAPI could not be initialised, if it could not.
    public var unavailableReason: CounterFailure? { PAPILibrary.initialisationFailure }

    /// PAPI's hypervisor vendor string ("KVMKVMKVM") when it detects a VM.
    public var hypervisor: String? {
        let (virtualised, vendor) = PAPILibrary.withStringBuffer(capacity: 128) { cpapi_hardware_virtualized($0, $1) }
        guard virtualised != 0 else { return nil }
        return vendor.isEmpty ? "unknown hypervisor" : vendor
    }

    /// A PAPI event set on the calling thread; kernel-only perf events get the kernel domain.
    public func openCounter(events: [String]) -> Result<any ThreadEventCounter, CounterFailure> {
        if let failure = PAPILibrary.initialisationFailure { return .failure(failure) }
        return PAPIEventSet.open(events).map { $0 }
    }

    /// `PAPI_unregister_thread`, so a reused OS thread id starts clean.
    public func threadWillExit() {
        _ = PAPI_unregister_thread()
    }
}

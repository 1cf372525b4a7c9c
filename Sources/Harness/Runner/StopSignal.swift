import Dispatch
import Foundation

/// SIGINT and SIGTERM ask the run to stop after the current sample: finished cases are
/// kept, the run is written as partial, and the command exits 130.
///
/// `@unchecked Sendable` because the compiler cannot see what makes it safe: both mutable
/// properties are read and written only while holding `lock` — `requested` from the
/// signal handlers (on a Dispatch queue) and the runner's thread, `sources` from whoever
/// installs the handlers. (`Mutex` would say so to the compiler but needs macOS 15.)
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested: Int32?
    /// Kept alive so the handlers stay installed for the life of the signal.
    private var sources: [DispatchSourceSignal] = []

    public init() {}

    /// Installs the handlers (the default action — dying at once — is disabled).
    public func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.request(sig) }
            source.resume()
            lock.lock()
            sources.append(source)
            lock.unlock()
        }
    }

    public func request(_ sig: Int32) {
        lock.lock()
        if requested == nil { requested = sig }
        lock.unlock()
    }

    /// The signal received, if any.
    public var received: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    public var isRequested: Bool { received != nil }
}

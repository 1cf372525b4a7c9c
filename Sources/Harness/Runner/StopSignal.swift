import Dispatch
import Foundation

/// SIGINT and SIGTERM ask the run to stop after the current sample: finished cases are
/// kept, the run is written as partial, and the command exits 130.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested: Int32?
    private var sources: [DispatchSourceSignal] = []

    public init() {}

    /// Installs the handlers (the default action — dying at once — is disabled).
    public func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.request(sig) }
            source.resume()
            sources.append(source)
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

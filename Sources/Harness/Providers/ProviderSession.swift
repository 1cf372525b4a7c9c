import Foundation

/// One provider for the length of a run: started once (on its first case), greeted, then
/// asked to prepare, time and release cases, one request and one reply at a time.
///
/// When the provider breaks down — it cannot start, dies, times out, or writes something
/// that is not a protocol message — it is stopped, `failure` says why (with the tail of its
/// stderr), and every later request fails at once with that reason: its remaining cases
/// are recorded as failed while the run goes on with the other implementations.
final class ProviderSession {
    let name: String
    private(set) var record: ProviderRecord
    private var process: ProviderProcess?
    let timeout: Double
    private let shouldStop: () -> Bool

    /// Why the provider no longer takes part, if it does not.
    var failure: String? { record.failure }

    /// What the provider said it can do (defaults until the hello is in).
    var capabilities: ProviderCapabilities { record.capabilities ?? ProviderCapabilities() }

    init(name: String, launch: Result<ProviderLaunch, ProviderError>, timeout: Double, shouldStop: @escaping () -> Bool)
    {
        self.name = name
        self.timeout = timeout
        self.shouldStop = shouldStop
        switch launch {
        case .failure(let error):
            record = ProviderRecord(name: name, command: [])
            record.failure = "\(name) \(error)"
        case .success(let launch):
            record = ProviderRecord(name: name, command: launch.command, workingDirectory: launch.directory)
            start(launch)
        }
    }

    private func start(_ launch: ProviderLaunch) {
        do {
            let process = try ProviderProcess(command: launch.command, directory: launch.directory)
            self.process = process
            let line = try process.readLine(timeout: timeout, waitingFor: "its hello", shouldStop: shouldStop)
            let hello = try ProviderProtocol.decode(ProviderProtocol.Hello.self, from: line).get()
            guard hello.type == "hello" else {
                throw ProviderError.protocolViolation("its first line must be a hello, got type '\(hello.type)'")
            }
            guard hello.protocol == ProviderProtocol.version else {
                throw ProviderError.protocolViolation(
                    "it speaks protocol \(hello.protocol); this attnbench speaks "
                        + "\(ProviderProtocol.version)")
            }
            record.reportedName = hello.name
            record.version = hello.version
            record.description = hello.description
            record.capabilities = hello.capabilities ?? ProviderCapabilities()
        } catch let error as ProviderError {
            fail(error)
        } catch {
            fail(.protocolViolation("\(error)"))
        }
    }

    /// Sends `request` and returns the reply; a `ProviderError` ends the provider's part.
    func request<T: Encodable>(_ request: T, waitingFor what: String) throws(ProviderError) -> ProviderProtocol.Reply {
        guard failure == nil, let process else { throw .exited("is no longer running", waitingFor: what) }
        do {
            try process.send(ProviderProtocol.encode(request), waitingFor: what)
            let line = try process.readLine(timeout: timeout, waitingFor: what, shouldStop: shouldStop)
            let reply = try ProviderProtocol.decode(ProviderProtocol.Reply.self, from: line).get()
            return reply
        } catch {
            fail(error)
            throw error
        }
    }

    /// Records `error` as the provider's failure and stops the process.
    func fail(_ error: ProviderError) {
        guard record.failure == nil else { return }
        process?.stop(grace: 0)
        var text = "\(name) \(error)"
        if error != .interrupted, let tail = process?.stderrTail.lastLines(8), !tail.isEmpty {
            text += "; its stderr ended with: \(tail)"
        }
        record.failure = text
    }

    /// CPU time of the provider process so far, ns (nil when it is not running).
    var cpuNanoseconds: Int64? { failure == nil ? process?.cpuNanoseconds : nil }

    /// The provider's process resources now (nil when it is not running).
    func resources() -> ProviderResources? {
        guard failure == nil, let pid = process?.pid else { return nil }
        return ProviderResources.read(pid: pid)
    }

    /// Ends the provider: end of input, a moment to exit, then signals.
    func close() {
        process?.stop(grace: 2)
        process = nil
    }
}

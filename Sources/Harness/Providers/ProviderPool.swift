import Foundation

/// The providers of one run: each started once, on its first case, and stopped when the
/// run ends (or is interrupted), with the run's scratch directory of input files.
///
/// The runner asks it for an execution of every case whose `implementation` is not
/// attnbench; everything else about a provider stays in here.
final class ProviderPool {
    private let suite: Suite
    private let timeout: Double
    private let shouldStop: () -> Bool
    private var sessions: [String: ProviderSession] = [:]
    private var order: [String] = []
    private var scratch: URL?
    private var prepared = 0

    init(suite: Suite, timeout: Double, shouldStop: @escaping () -> Bool) {
        self.suite = suite
        self.timeout = timeout
        self.shouldStop = shouldStop
    }

    /// The provider records so far (nil when no provider has been started).
    var records: [ProviderRecord]? {
        order.isEmpty ? nil : order.compactMap { sessions[$0]?.record }
    }

    /// A provider case made ready to sample, or why it is not.
    func execution(for c: SuiteCase, accuracyBudget: Int) throws(CaseNotRun) -> ProviderCaseExecution {
        let name = c.parameters.implementation
        let session: ProviderSession
        if let existing = sessions[name] {
            session = existing
        } else {
            session = ProviderSession(
                name: name, launch: ProviderLaunch.resolve(name, suite: suite), timeout: timeout,
                shouldStop: shouldStop)
            sessions[name] = session
            order.append(name)
        }
        if shouldStop() { throw .stopped }
        prepared += 1
        return try ProviderCaseExecution(
            c, session: session, files: try directory().appendingPathComponent("case-\(prepared)"),
            accuracyBudget: accuracyBudget)
    }

    /// The run's scratch directory, made on first use: `$TMPDIR/attnbench-XXXXXX`.
    private func directory() throws(CaseNotRun) -> URL {
        if let scratch { return scratch }
        var template = Array((NSTemporaryDirectory() + "/attnbench-XXXXXX").utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        guard let made else {
            throw .failed(
                "cannot make a scratch directory in \(NSTemporaryDirectory()): \(String(cString: strerror(errno)))")
        }
        let url = URL(fileURLWithPath: made)
        scratch = url
        return url
    }

    /// Stops every provider and removes the scratch directory.
    func close() {
        for name in order { sessions[name]?.close() }
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
        scratch = nil
    }
}

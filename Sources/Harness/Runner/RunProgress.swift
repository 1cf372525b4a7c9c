import Foundation

/// Progress on stderr: a rewritten line on a terminal (case i/N, id, elapsed, estimated
/// remaining), plain lines otherwise, nothing with `--quiet`.
public final class RunProgress {
    public enum Mode { case terminal, lines, quiet }
    let mode: Mode
    let started = Date()

    public init(quiet: Bool) {
        mode = quiet ? .quiet : (isatty(STDERR_FILENO) != 0 ? .terminal : .lines)
    }

    func say(_ text: String) {
        guard mode != .quiet else { return }
        try? FileHandle.standardError.write(contentsOf: Data((text + "\n").utf8))
    }

    func caseStarted(_ index: Int, of total: Int, id: String, costDone: Double, costTotal: Double) {
        guard mode == .terminal else { return }
        let elapsed = Date().timeIntervalSince(started)
        let remaining = costDone > 0 ? elapsed * (costTotal - costDone) / costDone : 0
        let line = String(format: "[%d/%d] %@  %.0fs elapsed, ~%.0fs left", index, total, id, elapsed, remaining)
        try? FileHandle.standardError.write(contentsOf: Data(("\r\u{1B}[K" + line).utf8))
    }

    func simulationStarted(id: String) {
        guard mode == .terminal else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + "simulating \(id) under callgrind…").utf8))
    }

    func caseFinished(_ index: Int, of total: Int, id: String, medianNs: Double?, samples: Int) {
        let t = medianNs.map { String(format: "%.3f ms", $0 / 1e6) } ?? "n/a"
        switch mode {
        case .quiet: return
        case .terminal:
            try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
            say("[\(index)/\(total)] \(id): \(t) median of \(samples)")
        case .lines:
            say("[\(index)/\(total)] \(id): \(t) median of \(samples)")
        }
    }

    func caseNotRun(_ index: Int, of total: Int, id: String, status: String, reason: String) {
        if mode == .terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        say("[\(index)/\(total)] \(id): \(status): \(reason)")
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One running provider: a child process in its own process group, spoken to in lines
/// on its stdin and stdout, with the tail of its stderr kept for error messages.
///
/// Why `posix_spawn` and not Foundation's `Process`: attnbench needs the child in its own
/// process group (so that stopping it also stops anything it started), default signal
/// dispositions (attnbench itself ignores SIGINT/SIGTERM while a run is in progress, and
/// ignored signals are inherited), reads with a timeout, and the child's CPU clock — and
/// it must never leave an orphan behind.
final class ProviderProcess {
    let pid: pid_t
    private let input: Int32
    private let output: Int32
    private let errors: Int32
    private var buffer: [UInt8] = []
    private var outputClosed = false
    private var errorsClosed = false
    private var reaped = false
    /// The last bytes the provider wrote to stderr.
    private(set) var stderrTail = ByteTail(limit: 4096)
    /// The child's CPU-time clock (all its threads), when the system gives one.
    private let cpuClock: clockid_t?

    /// Longest reply line accepted (a reply is small: a few numbers per call).
    static let maxLineBytes = 16 << 20

    /// Starts `command` (program first; looked up in PATH when it has no `/`) in
    /// `directory`. The command runs under `/bin/sh` only to change directory; `exec`
    /// replaces the shell, so the pid is the provider's own.
    init(command: [String], directory: String) throws(ProviderError) {
        guard !command.isEmpty else { throw .cannotStart("empty command") }
        // Writing to a provider that has just died must be an error, not SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let stdinPipe = try Self.makePipe(), stdoutPipe = try Self.makePipe(), stderrPipe = try Self.makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe.read, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe.write, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe.write, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        sigemptyset(&empty)
        for sig in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv =
            ["/bin/sh", "-c", "cd -- \"$1\" || exit 127; shift; exec \"$@\"", "attnbench-provider", directory] + command
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, &cArgs, environ)
        for fd in [stdinPipe.read, stdoutPipe.write, stderrPipe.write] { close(fd) }
        guard status == 0 else {
            for fd in [stdinPipe.write, stdoutPipe.read, stderrPipe.read] { close(fd) }
            throw .cannotStart("posix_spawn: \(String(cString: strerror(status)))")
        }
        pid = child
        input = stdinPipe.write
        output = stdoutPipe.read
        errors = stderrPipe.read
        for fd in [output, errors] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var clock = clockid_t()
        cpuClock = clock_getcpuclockid(child, &clock) == 0 ? clock : nil
    }

    deinit {
        stop(grace: 0)
    }

    private static func makePipe() throws(ProviderError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .cannotStart("pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    /// Writes one line (a newline is added).
    func send(_ line: String, waitingFor what: String) throws(ProviderError) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .exited(exitDescription(wait: 1), waitingFor: what) }
            offset += n
        }
    }

    /// The next line from stdout, waiting at most `timeout` seconds; `shouldStop` is asked
    /// ten times a second and ends the wait (stopping the provider) when it says so.
    func readLine(timeout: Double, waitingFor what: String, shouldStop: () -> Bool) throws(ProviderError) -> String {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout) * 1e9)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            guard buffer.count <= Self.maxLineBytes else {
                throw .protocolViolation("a line longer than \(Self.maxLineBytes >> 20) MiB without a newline")
            }
            if outputClosed { throw .exited(exitDescription(wait: 2), waitingFor: what) }
            if shouldStop() {
                stop(grace: 0)
                throw .interrupted
            }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                stop(grace: 0)
                throw .timedOut(seconds: timeout, waitingFor: what)
            }
            pump(milliseconds: Int32(min(100, (deadline - now) / 1_000_000 + 1)))
        }
    }

    /// Waits up to `milliseconds` for output and reads what is there (stdout into the line
    /// buffer, stderr into the tail).
    private func pump(milliseconds: Int32) {
        var fds = [
            pollfd(fd: outputClosed ? -1 : output, events: Int16(POLLIN), revents: 0),
            pollfd(fd: errorsClosed ? -1 : errors, events: Int16(POLLIN), revents: 0)
        ]
        guard poll(&fds, 2, milliseconds) > 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 65536)
        if fds[0].revents != 0 {
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer += chunk[..<n]
            } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                outputClosed = true
            }
        }
        if fds[1].revents != 0 {
            let n = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
            if n > 0 {
                stderrTail.append(chunk[..<n])
            } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                errorsClosed = true
            }
        }
    }

    /// Reads whatever stderr holds right now (after a failure, for the message).
    func drainErrors() {
        for _ in 0..<20 where !errorsClosed {
            let before = stderrTail.total
            pump(milliseconds: 10)
            if stderrTail.total == before { break }
        }
    }

    /// CPU time of the provider process (all its threads) so far, ns.
    var cpuNanoseconds: Int64? {
        guard let clock = cpuClock else { return nil }
        var t = timespec()
        guard clock_gettime(clock, &t) == 0 else { return nil }
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }

    /// How the process ended, in words, waiting up to `wait` seconds for it to end.
    func exitDescription(wait: Double) -> String {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(wait * 1e9)
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info._sifields._sigchld.si_pid == 0 {
            guard DispatchTime.now().uptimeNanoseconds < deadline else { return "closed its output" }
            usleep(10_000)
            info = siginfo_t()
        }
        let status = info._sifields._sigchld.si_status
        return info.si_code == CLD_EXITED
            ? "exited with status \(status)"
            : "was killed by signal \(status)\(status == SIGKILL ? " (SIGKILL: out of memory?)" : "")"
    }

    /// Ends the provider: closes its stdin (a provider exits at end of input), waits
    /// `grace` seconds, then SIGTERM and SIGKILL to its whole process group, and reaps it.
    /// Safe to call more than once.
    func stop(grace: Double) {
        guard !reaped else { return }
        close(input)
        if !waitForExit(seconds: grace) {
            kill(-pid, SIGTERM)
            if !waitForExit(seconds: 1) { kill(-pid, SIGKILL) }
        }
        // The leader is dead but not yet reaped, so its process group id cannot have been
        // reused: whatever it left behind in the group goes too.
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        drainErrors()
        close(output)
        close(errors)
    }

    /// Whether the process ended within `seconds` (without reaping it).
    private func waitForExit(seconds: Double) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
        while true {
            var info = siginfo_t()
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info._sifields._sigchld.si_pid != 0 {
                return true
            }
            if DispatchTime.now().uptimeNanoseconds >= deadline { return false }
            if !errorsClosed { pump(milliseconds: 10) } else { usleep(10_000) }
        }
    }
}

/// The last `limit` bytes of a stream.
struct ByteTail {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var total = 0

    init(limit: Int) { self.limit = limit }

    mutating func append(_ more: ArraySlice<UInt8>) {
        total += more.count
        bytes += more.suffix(limit)
        if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
    }

    /// The last `lines` non-empty lines as one line, `⏎`-separated.
    func lastLines(_ lines: Int) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).suffix(lines).joined(separator: " ⏎ ")
    }
}

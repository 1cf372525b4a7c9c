import CCallgrind

/// Callgrind's client requests, for the child process that runs one case under Valgrind:
/// they switch instrumentation and collection on around exactly the code to count.
///
/// They are free on a real CPU (a few no-op instructions). Where `valgrind/callgrind.h` was
/// missing at build time they do nothing at all and `compiledIn` is false.
public enum CallgrindRequests {
    /// Whether the requests were compiled in (the build found `valgrind/callgrind.h`).
    public static var compiledIn: Bool { cg_requests_compiled_in() != 0 }

    /// Whether this process runs under Valgrind (always false without `compiledIn`).
    public static var runningOnValgrind: Bool { cg_running_on_valgrind() != 0 }

    /// Runs `body` with instrumentation and collection on, and nothing else: the simulated
    /// caches start empty (starting instrumentation clears them), and events are collected
    /// only while `body` runs.
    @inline(never)
    public static func collecting(_ body: () -> Void) {
        cg_start_instrumentation()
        cg_toggle_collect()
        body()
        cg_toggle_collect()
        cg_stop_instrumentation()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clock and rusage conversions `ProcessResources` needs, in one place.
enum Clocks {
    /// `CLOCK_MONOTONIC` in ns: never jumps when the system time is set.
    static func monotonicNanoseconds() -> UInt64 { read(CLOCK_MONOTONIC) }

    /// CPU time of every thread of the process, ns.
    static func processCPUNanoseconds() -> UInt64 { read(CLOCK_PROCESS_CPUTIME_ID) }

    /// CPU time of the calling thread only, ns.
    static func threadCPUNanoseconds() -> UInt64 { read(CLOCK_THREAD_CPUTIME_ID) }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var ts = timespec()
        guard clock_gettime(clock, &ts) == 0 else { return 0 }
        return UInt64(clamping: ts.tv_sec) &* 1_000_000_000 &+ UInt64(clamping: ts.tv_nsec)
    }

    static func nanoseconds(_ tv: timeval) -> UInt64 {
        UInt64(clamping: tv.tv_sec) &* 1_000_000_000 &+ UInt64(clamping: tv.tv_usec) &* 1_000
    }

    /// `ru_maxrss` is in KiB on Linux and in bytes on Darwin.
    static func peakRSSBytes(_ maxrss: Int) -> UInt64 {
        #if os(Linux)
        return UInt64(clamping: maxrss) &* 1024
        #else
        return UInt64(clamping: maxrss)
        #endif
    }
}

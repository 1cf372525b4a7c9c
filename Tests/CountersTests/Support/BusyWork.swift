#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work whose length is set by the calling thread's own CPU clock, so it takes the same
/// CPU time however busy the shared machine is.
enum BusyWork {
    static func threadCPUNanoseconds() -> UInt64 {
        var ts = timespec()
        _ = clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Spins until this thread has used `milliseconds` of CPU; returns a value so the
    /// loop is not optimised away.
    @discardableResult
    static func spin(milliseconds: UInt64) -> Double {
        let end = threadCPUNanoseconds() + milliseconds * 1_000_000
        var x = 1.0
        while threadCPUNanoseconds() < end {
            for i in 0..<1_000 { x = x * 1.000_000_1 + Double(i & 7) * 1e-9 }
        }
        return x
    }
}

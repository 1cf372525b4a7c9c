#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the operating system says this process has used so far: clocks and `getrusage`.
///
/// Always available, PAPI or not, so every run records wall time, CPU time, memory and
/// scheduling even on machines without performance counters. Take one snapshot before
/// and one after the measured work and subtract them with `delta(since:)`.
public struct ProcessResources: Equatable, Sendable, Codable {
    /// Monotonic wall clock (`CLOCK_MONOTONIC`), ns since an arbitrary fixed point.
    public var wallNanoseconds: UInt64
    /// CPU time of all threads of the process, user + system (`CLOCK_PROCESS_CPUTIME_ID`), ns.
    public var cpuNanoseconds: UInt64
    /// User-mode part of the CPU time (`ru_utime`), ns; coarser than `cpuNanoseconds`.
    public var userNanoseconds: UInt64
    /// Kernel-mode part of the CPU time (`ru_stime`), ns; coarser than `cpuNanoseconds`.
    public var systemNanoseconds: UInt64
    /// Largest resident set size the process has had so far, bytes (`ru_maxrss`).
    public var peakRSSBytes: UInt64
    /// Page faults served without I/O (`ru_minflt`).
    public var minorPageFaults: UInt64
    /// Page faults that needed I/O (`ru_majflt`).
    public var majorPageFaults: UInt64
    /// Times a thread gave up the CPU by waiting (`ru_nvcsw`).
    public var voluntaryContextSwitches: UInt64
    /// Times a thread was preempted (`ru_nivcsw`); high values mean a busy machine.
    public var involuntaryContextSwitches: UInt64

    /// A snapshot from given values (for records read back and for tests); use `now()` to measure.
    public init(
        wallNanoseconds: UInt64, cpuNanoseconds: UInt64, userNanoseconds: UInt64 = 0,
        systemNanoseconds: UInt64 = 0, peakRSSBytes: UInt64, minorPageFaults: UInt64,
        majorPageFaults: UInt64, voluntaryContextSwitches: UInt64, involuntaryContextSwitches: UInt64
    ) {
        self.wallNanoseconds = wallNanoseconds
        self.cpuNanoseconds = cpuNanoseconds
        self.userNanoseconds = userNanoseconds
        self.systemNanoseconds = systemNanoseconds
        self.peakRSSBytes = peakRSSBytes
        self.minorPageFaults = minorPageFaults
        self.majorPageFaults = majorPageFaults
        self.voluntaryContextSwitches = voluntaryContextSwitches
        self.involuntaryContextSwitches = involuntaryContextSwitches
    }

    /// Minor plus major page faults.
    public var pageFaults: UInt64 { minorPageFaults &+ majorPageFaults }

    /// A snapshot of this process now.
    public static func now() -> ProcessResources {
        var usage = rusage()
        #if os(Linux)
        _ = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        _ = getrusage(RUSAGE_SELF, &usage)
        #endif
        return ProcessResources(
            wallNanoseconds: Clocks.monotonicNanoseconds(),
            cpuNanoseconds: Clocks.processCPUNanoseconds(),
            userNanoseconds: Clocks.nanoseconds(usage.ru_utime),
            systemNanoseconds: Clocks.nanoseconds(usage.ru_stime),
            peakRSSBytes: Clocks.peakRSSBytes(usage.ru_maxrss),
            minorPageFaults: UInt64(clamping: usage.ru_minflt),
            majorPageFaults: UInt64(clamping: usage.ru_majflt),
            voluntaryContextSwitches: UInt64(clamping: usage.ru_nvcsw),
            involuntaryContextSwitches: UInt64(clamping: usage.ru_nivcsw)
        )
    }

    /// What happened between `earlier` and this snapshot.
    public func delta(since earlier: ProcessResources) -> ProcessResourcesDelta {
        func diff(_ a: UInt64, _ b: UInt64) -> UInt64 { a >= b ? a - b : 0 }
        return ProcessResourcesDelta(
            wallNanoseconds: diff(wallNanoseconds, earlier.wallNanoseconds),
            cpuNanoseconds: diff(cpuNanoseconds, earlier.cpuNanoseconds),
            userNanoseconds: diff(userNanoseconds, earlier.userNanoseconds),
            systemNanoseconds: diff(systemNanoseconds, earlier.systemNanoseconds),
            peakRSSBytes: peakRSSBytes,
            peakRSSGrowthBytes: diff(peakRSSBytes, earlier.peakRSSBytes),
            minorPageFaults: diff(minorPageFaults, earlier.minorPageFaults),
            majorPageFaults: diff(majorPageFaults, earlier.majorPageFaults),
            voluntaryContextSwitches: diff(voluntaryContextSwitches, earlier.voluntaryContextSwitches),
            involuntaryContextSwitches: diff(involuntaryContextSwitches, earlier.involuntaryContextSwitches)
        )
    }
}

/// The resources used between two `ProcessResources` snapshots.
public struct ProcessResourcesDelta: Equatable, Sendable, Codable {
    /// Elapsed monotonic wall time, ns.
    public var wallNanoseconds: UInt64
    /// CPU time of all threads, user + system, ns. Exceeds wall time when threads run in parallel.
    public var cpuNanoseconds: UInt64
    /// User-mode CPU time, ns (rusage resolution).
    public var userNanoseconds: UInt64
    /// Kernel-mode CPU time, ns (rusage resolution).
    public var systemNanoseconds: UInt64
    /// Peak RSS at the end of the interval, bytes. A peak is not additive, so this is the
    /// later snapshot's value, not a difference.
    public var peakRSSBytes: UInt64
    /// How much the peak RSS rose during the interval, bytes (0 when it stayed below an earlier peak).
    public var peakRSSGrowthBytes: UInt64
    /// Page faults served without I/O (first touch of fresh memory, mostly).
    public var minorPageFaults: UInt64
    /// Page faults that needed I/O.
    public var majorPageFaults: UInt64
    /// Times a thread waited (locks, sleeps, I/O).
    public var voluntaryContextSwitches: UInt64
    /// Times a thread was preempted; high on a busy machine.
    public var involuntaryContextSwitches: UInt64

    /// Minor plus major page faults.
    public var pageFaults: UInt64 { minorPageFaults &+ majorPageFaults }
    /// Voluntary plus involuntary context switches.
    public var contextSwitches: UInt64 { voluntaryContextSwitches &+ involuntaryContextSwitches }
}

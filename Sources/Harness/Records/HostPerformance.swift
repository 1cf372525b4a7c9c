import AttentionKernels

/// A machine's measured ceilings, as `HostProfiler` finds them: what one core's SIMD FMA
/// units and one core's STREAM-style triad reach. A roofline draws them as its roof; a
/// fleet report divides achieved GFLOP/s by the peak.
public struct HostPerformance: Codable, Equatable, Sendable {
    /// FP32 FLOP/s of one core (SIMD FMA loop).
    public var peakFlops: Double
    /// Bytes per second of one core's triad a[i] = b[i] + s·c[i] (12 bytes per element).
    public var bandwidthBytesPerSecond: Double
    /// Per-core L2, the `host` profile's "SRAM".
    public var sramBytes: Int?
    /// When it was measured (ISO-8601 UTC); the profile is cached for a week per CPU model.
    public var measuredAt: String

    public init(peakFlops: Double, bandwidthBytesPerSecond: Double, sramBytes: Int? = nil, measuredAt: String) {
        self.peakFlops = peakFlops
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
        self.sramBytes = sramBytes
        self.measuredAt = measuredAt
    }

    /// From a measured `host` hardware profile.
    public init(_ profile: HardwareProfile, measuredAt: String) {
        self.init(
            peakFlops: profile.peakFP32, bandwidthBytesPerSecond: profile.bandwidth,
            sramBytes: profile.sramBytes, measuredAt: measuredAt)
    }

    /// Arithmetic intensity (FLOPs per byte) where the bandwidth roof meets the peak.
    public var ridgeIntensity: Double { bandwidthBytesPerSecond > 0 ? peakFlops / bandwidthBytesPerSecond : .infinity }
}

extension HostProfiler {
    /// This machine's ceilings for a run record. A release build measures them again (about
    /// half a second) and keeps the highest figures of the week (`profile(remeasure:)`), so a
    /// profile cached while the machine was busy is corrected by the next run on a quiet one;
    /// with `remeasure` false it takes the week's cache when there is one (an invocation of
    /// `run --invocations` or `ab`, whose parent or predecessor has just measured).
    /// A debug build does not measure (its loops are many times slower than the hardware):
    /// the fresh cache, or nil.
    public static func performance(remeasure: Bool = true) -> HostPerformance? {
        guard buildConfiguration == "release" else {
            return cachedProfile().map { HostPerformance($0.profile, measuredAt: $0.measuredAt) }
        }
        let measured = profile(remeasure: remeasure)
        return HostPerformance(measured.profile, measuredAt: measured.measuredAt)
    }
}

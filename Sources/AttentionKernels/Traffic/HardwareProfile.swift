/// A machine the memory model can estimate time for: SRAM per compute unit, main-memory
/// bandwidth and dense peak FLOP/s per precision.
///
/// GPU figures are from NVIDIA's public data sheets (cited in docs/memory-model.md):
/// SRAM is the shared memory of one SM; peaks are dense (no sparsity). `host` is measured on the machine itself (see the Harness's
/// `HostProfiler`).
public struct HardwareProfile: Equatable, Sendable, Codable {
    public var name: String
    public var sramBytes: Int
    /// Bytes per second between main memory and the chip.
    public var bandwidth: Double
    /// Dense FP32 FLOP/s (CUDA cores on GPUs; all cores' FMA units on the host).
    public var peakFP32: Double
    /// Dense FP8 FLOP/s (tensor cores), nil where the hardware has no FP8 math; the
    /// roofline then uses `peakFP32`'s precision class (see `peak(for:)`).
    public var peakFP8: Double?
    /// Where the numbers come from.
    public var source: String

    public init(name: String, sramBytes: Int, bandwidth: Double, peakFP32: Double, peakFP8: Double?, source: String) {
        self.name = name
        self.sramBytes = sramBytes
        self.bandwidth = bandwidth
        self.peakFP32 = peakFP32
        self.peakFP8 = peakFP8
        self.source = source
    }

    /// Peak FLOP/s for a precision: FP8 math where the hardware has it, else FP32.
    public func peak(for precision: Precision) -> Double {
        precision.isFP8 ? (peakFP8 ?? peakFP32) : peakFP32
    }

    /// Profiles shipped with attnbench (the `host` profile is measured, not listed here).
    public static let builtIn: [HardwareProfile] = [
        HardwareProfile(name: "a100", sramBytes: 192 * 1024, bandwidth: 2.039e12, peakFP32: 19.5e12, peakFP8: nil,
                        source: "NVIDIA A100 80GB SXM data sheet: 2,039 GB/s HBM2e, 19.5 TFLOPS FP32; "
                            + "192 KB of on-chip SRAM (L1/shared) per SM, as the FlashAttention paper counts it; no FP8 tensor cores"),
        HardwareProfile(name: "h100", sramBytes: 228 * 1024, bandwidth: 3.35e12, peakFP32: 67e12, peakFP8: 1979e12,
                        source: "NVIDIA H100 SXM5 data sheet: 3.35 TB/s HBM3, 67 TFLOPS FP32, 1,979 TFLOPS FP8 dense; "
                            + "Hopper tuning guide: 228 KB shared memory per SM"),
        HardwareProfile(name: "h200", sramBytes: 228 * 1024, bandwidth: 4.8e12, peakFP32: 67e12, peakFP8: 1979e12,
                        source: "NVIDIA H200 SXM data sheet: 4.8 TB/s HBM3e, 67 TFLOPS FP32, 1,979 TFLOPS FP8 dense; "
                            + "same Hopper SM as H100 (228 KB shared memory per SM)"),
    ]

    public static func builtIn(named name: String) -> HardwareProfile? {
        builtIn.first { $0.name == name.lowercased() }
    }
}

/// Time estimates from the memory model and a profile.
public struct RooflineEstimate: Equatable, Sendable, Codable {
    /// Seconds to move the modeled bytes at the profile's bandwidth.
    public var memorySeconds: Double
    /// Seconds to execute the executed FLOPs at the profile's peak.
    public var computeSeconds: Double
    /// With asynchronous copies (TMA-style double buffering): max of the two.
    public var overlappedSeconds: Double
    /// Without: their sum.
    public var serialSeconds: Double
    /// "memory" or "compute": which side bounds the overlapped estimate.
    public var bound: String

    public init(ledger: TrafficLedger, profile: HardwareProfile, precision: Precision) {
        memorySeconds = Double(ledger.hbmBytes) / profile.bandwidth
        computeSeconds = Double(ledger.executedFlops) / profile.peak(for: precision)
        overlappedSeconds = max(memorySeconds, computeSeconds)
        serialSeconds = memorySeconds + computeSeconds
        bound = memorySeconds >= computeSeconds ? "memory" : "compute"
    }
}

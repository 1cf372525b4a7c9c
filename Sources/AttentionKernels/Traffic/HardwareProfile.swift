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
    /// Independent compute units that share `bandwidth` and `peakFP32` (SMs on a GPU).
    /// The `host` profile measures one core, so it has one.
    public var computeUnits: Int

    public init(
        name: String, sramBytes: Int, bandwidth: Double, peakFP32: Double, peakFP8: Double?, source: String,
        computeUnits: Int = 1
    ) {
        self.name = name
        self.sramBytes = sramBytes
        self.bandwidth = bandwidth
        self.peakFP32 = peakFP32
        self.peakFP8 = peakFP8
        self.source = source
        self.computeUnits = computeUnits
    }

    private enum CodingKeys: String, CodingKey {
        case name, sramBytes, bandwidth, peakFP32, peakFP8, source, computeUnits
    }

    /// Profiles cached before `computeUnits` existed read back with one unit.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        sramBytes = try c.decode(Int.self, forKey: .sramBytes)
        bandwidth = try c.decode(Double.self, forKey: .bandwidth)
        peakFP32 = try c.decode(Double.self, forKey: .peakFP32)
        peakFP8 = try c.decodeIfPresent(Double.self, forKey: .peakFP8)
        source = try c.decode(String.self, forKey: .source)
        computeUnits = try c.decodeIfPresent(Int.self, forKey: .computeUnits) ?? 1
    }

    /// Peak FLOP/s for a precision: FP8 math where the hardware has it, else FP32.
    public func peak(for precision: Precision) -> Double {
        precision.isFP8 ? (peakFP8 ?? peakFP32) : peakFP32
    }

    /// Profiles shipped with attnbench (the `host` profile is measured, not listed here).
    public static let builtIn: [HardwareProfile] = [
        HardwareProfile(
            name: "a100", sramBytes: 192 * 1024, bandwidth: 2.039e12, peakFP32: 19.5e12, peakFP8: nil,
            source: "NVIDIA A100 80GB SXM data sheet: 2,039 GB/s HBM2e, 19.5 TFLOPS FP32; "
                + "192 KB of on-chip SRAM (L1/shared) per SM, as the FlashAttention paper counts it; no FP8 tensor cores; "
                + "108 SMs", computeUnits: 108),
        HardwareProfile(
            name: "h100", sramBytes: 228 * 1024, bandwidth: 3.35e12, peakFP32: 67e12, peakFP8: 1979e12,
            source: "NVIDIA H100 SXM5 data sheet: 3.35 TB/s HBM3, 67 TFLOPS FP32, 1,979 TFLOPS FP8 dense; "
                + "Hopper tuning guide: 228 KB shared memory per SM; 132 SMs", computeUnits: 132),
        HardwareProfile(
            name: "h200", sramBytes: 228 * 1024, bandwidth: 4.8e12, peakFP32: 67e12, peakFP8: 1979e12,
            source: "NVIDIA H200 SXM data sheet: 4.8 TB/s HBM3e, 67 TFLOPS FP32, 1,979 TFLOPS FP8 dense; "
                + "same Hopper SM as H100 (228 KB shared memory per SM); 132 SMs", computeUnits: 132)
    ]

    public static func builtIn(named name: String) -> HardwareProfile? {
        builtIn.first { $0.name == name.lowercased() }
    }
}

/// Time estimates from the memory model and a profile.
///
/// A kernel with U independent work units keeps min(U, N) of a profile's N compute
/// units busy; the estimate gives the busy units their share of the bandwidth and of the
/// peak (a simplification: one SM can pull more than 1/N of the HBM bandwidth, so few
/// units are penalized somewhat more than on real hardware). This is what split-KV
/// changes for decoding: one query row per head leaves most SMs idle unless the keys
/// are split.
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
    /// Compute units the work keeps busy: min(work units, the profile's units).
    public var busyUnits: Int

    /// `workUnits`: the kernel's independent work units (`AttentionPlan.parallelWorkUnits`);
    /// nil assumes enough to fill every unit.
    public init(ledger: TrafficLedger, profile: HardwareProfile, precision: Precision, workUnits: Int? = nil) {
        let units = max(1, profile.computeUnits)
        busyUnits = min(units, max(1, workUnits ?? units))
        let share = Double(busyUnits) / Double(units)
        memorySeconds = Double(ledger.hbmBytes) / (profile.bandwidth * share)
        computeSeconds = Double(ledger.executedFlops) / (profile.peak(for: precision) * share)
        overlappedSeconds = max(memorySeconds, computeSeconds)
        serialSeconds = memorySeconds + computeSeconds
        bound = memorySeconds >= computeSeconds ? "memory" : "compute"
    }
}

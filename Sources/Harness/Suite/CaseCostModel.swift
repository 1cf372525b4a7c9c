import AttentionKernels

/// A rough, up-front estimate of what one case costs to run, for `attnbench list`:
/// nominal FLOPs, modeled main-memory ("HBM") bytes, and seconds.
///
/// Time per call is a roofline on this class of machine: the larger of
/// FLOPs / (`flopsPerSecondPerThread` × threads) and bytes / `bytesPerSecond`. The
/// defaults (50 GFLOP/s per thread, 20 GB/s) are what the kernels and STREAM reach on
/// the project's 2-core build machines; the estimate only has to tell a one-minute
/// suite from a one-hour one.
public struct CaseCostModel: Sendable {
    public var flopsPerSecondPerThread: Double
    public var bytesPerSecond: Double

    public init(flopsPerSecondPerThread: Double = 50e9, bytesPerSecond: Double = 20e9) {
        self.flopsPerSecondPerThread = flopsPerSecondPerThread
        self.bytesPerSecond = bytesPerSecond
    }

    /// The estimate for one case measured as `measure` says.
    public func cost(of c: SuiteCase, measure: MeasureSpec) -> CaseCost {
        let flops = c.shape.nominalFlops(causal: c.options.causal)
        // Validated cases always plan; 0 bytes would only under-estimate.
        let bytes = (try? c.makePlan())?.modeledTraffic().hbmBytes ?? 0
        let computeSeconds = Double(flops) / (flopsPerSecondPerThread * Double(max(1, c.options.threads)))
        let perCall = max(computeSeconds, Double(bytes) / bytesPerSecond)
        let samples = measure.samplingPolicy.expectedSamples(secondsPerCall: perCall)
        return CaseCost(nominalFlops: flops, hbmBytes: bytes, secondsPerCall: perCall, expectedSamples: samples,
                        estimatedSeconds: Double(measure.warmup + samples) * perCall)
    }
}

/// The estimated cost of one case (see `CaseCostModel`).
public struct CaseCost: Equatable, Sendable {
    /// `AttentionShape.nominalFlops`: 4·B·Hq·Lq·Lkv·D, halved when causal.
    public var nominalFlops: Int
    /// `AttentionPlan.modeledTraffic().hbmBytes`: reads plus writes of one call.
    public var hbmBytes: Int
    public var secondsPerCall: Double
    /// Samples the sampling policy would take at that speed.
    public var expectedSamples: Int
    /// Warm-up plus samples, in seconds.
    public var estimatedSeconds: Double
}

import AttentionKernels

/// A rough, up-front estimate of what one case costs to run, for `attnbench list` and
/// the large-suite check of `run`: nominal FLOPs, modeled main-memory ("HBM") bytes, and
/// seconds.
///
/// Time per call is a roofline on this class of machine: the larger of
/// FLOPs / (`flopsPerSecondPerThread` × threads) and bytes / `bytesPerSecond`. The
/// defaults (50 GFLOP/s per thread, 20 GB/s) are what the kernels and STREAM reach on
/// the project's 2-core build machines; the estimate only has to tell a one-minute
/// suite from a one-hour one. A case also costs what surrounds its timed calls: a sample
/// lasts at least the minimum sample time (short calls are batched), one untimed call
/// records traffic and accuracy, the float64 reference runs at about `referenceFlopsPerSecond`,
/// and inputs, statistics and the record take about `overheadSeconds`.
public struct CaseCostModel: Sendable {
    public var flopsPerSecondPerThread: Double
    public var bytesPerSecond: Double
    /// Shortest sample, seconds (`run --min-sample-time`).
    public var minSampleTime: Double
    /// Speed of the float64 reference, FLOP/s.
    public var referenceFlopsPerSecond: Double
    /// Fixed cost per case besides its calls, seconds.
    public var overheadSeconds: Double
    /// Reference multiply-adds allowed per case (`RunSettings.accuracyBudget`).
    public var accuracyBudget: Int

    public init(
        flopsPerSecondPerThread: Double = 50e9, bytesPerSecond: Double = 20e9, minSampleTime: Double = 0.005,
        referenceFlopsPerSecond: Double = 1e9, overheadSeconds: Double = 0.002,
        accuracyBudget: Int = RunSettings.defaultAccuracyBudget
    ) {
        self.flopsPerSecondPerThread = flopsPerSecondPerThread
        self.bytesPerSecond = bytesPerSecond
        self.minSampleTime = minSampleTime
        self.referenceFlopsPerSecond = referenceFlopsPerSecond
        self.overheadSeconds = overheadSeconds
        self.accuracyBudget = accuracyBudget
    }

    /// The estimate for one case measured as `measure` says.
    public func cost(of c: SuiteCase, measure: MeasureSpec) -> CaseCost {
        let flops = c.shape.nominalFlops(causal: c.options.causal)
        // Validated cases always plan; 0 bytes would only under-estimate.
        let bytes = (try? c.makePlan())?.modeledTraffic().hbmBytes ?? 0
        let computeSeconds = Double(flops) / (flopsPerSecondPerThread * Double(max(1, c.options.threads)))
        let perCall = max(computeSeconds, Double(bytes) / bytesPerSecond)
        let perSample = max(perCall, minSampleTime)
        let samples = measure.samplingPolicy.expectedSamples(secondsPerCall: perSample)
        let reference = min(Double(flops) / 2, Double(accuracyBudget)) * 2 / referenceFlopsPerSecond
        let seconds = Double(measure.warmup + 1) * perCall + Double(samples) * perSample + reference + overheadSeconds
        return CaseCost(
            nominalFlops: flops, hbmBytes: bytes, secondsPerCall: perCall, expectedSamples: samples,
            estimatedSeconds: seconds)
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
    /// Warm-up, samples, the untimed call, the reference and the fixed overhead, seconds.
    public var estimatedSeconds: Double
}

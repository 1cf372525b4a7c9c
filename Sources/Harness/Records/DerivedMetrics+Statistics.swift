/// Derived metrics from a case's statistics and modeled traffic: one formula for every
/// place that builds a case record from statistics (a sampled kernel case, a case merged
/// from several invocations).
extension DerivedMetrics {
    /// GFLOP/s from the median wall time (ns) and `flops`; modeled GB/s and arithmetic
    /// intensity from the traffic; the counter-based metrics (IPC, miss rates, per-FLOP
    /// ratios) from counter medians and the simulation's totals (`CounterDerivation`).
    /// Each is nil when an input is missing (or a denominator is 0).
    public init(
        statistics stats: [String: Summary], traffic: TrafficSummary?, flops: Int?,
        simulation: CaseSimulation?
    ) {
        self.init()
        let hbmBytes = traffic.map { $0.hbmReadBytes + $0.hbmWriteBytes } ?? 0
        if let wall = stats["wall_ns"]?.median, wall > 0 {
            if let flops { gflops = Double(flops) / wall }
            if traffic != nil { modeledGBs = Double(hbmBytes) / wall }
        }
        if let t = traffic, hbmBytes > 0 { arithmeticIntensity = Double(t.flops) / Double(hbmBytes) }
        CounterDerivation.apply(to: &self, statistics: stats, simulation: simulation, flops: flops)
    }
}

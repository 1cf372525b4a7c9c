/// Derived metrics from a case's statistics and modeled traffic: one formula for every
/// place that builds a case record (a sampled case, a case merged from invocations).
extension DerivedMetrics {
    /// GFLOP/s and modeled GB/s from the median wall time (ns) and the traffic; arithmetic
    /// intensity from the traffic; IPC and miss rates from counter medians. Each is nil when
    /// an input is missing (or a denominator is 0).
    public init(statistics stats: [String: Summary], traffic: TrafficSummary?) {
        self.init()
        let hbmBytes = traffic.map { $0.hbmReadBytes + $0.hbmWriteBytes } ?? 0
        if let t = traffic, let wall = stats["wall_ns"]?.median, wall > 0 {
            gflops = Double(t.flops) / wall
            modeledGBs = Double(hbmBytes) / wall
        }
        if let t = traffic, hbmBytes > 0 { arithmeticIntensity = Double(t.flops) / Double(hbmBytes) }
        func ratio(_ a: String, _ b: String) -> Double? {
            guard let x = stats[a]?.median, let y = stats[b]?.median, y > 0 else { return nil }
            return x / y
        }
        ipc = ratio("PAPI_TOT_INS", "PAPI_TOT_CYC")
        l1MissRate = ratio("PAPI_L1_DCM", "PAPI_L1_DCA") ?? ratio("PAPI_L1_DCM", "PAPI_LD_INS")
        l2MissRate = ratio("PAPI_L2_DCM", "PAPI_L2_DCA")
    }
}

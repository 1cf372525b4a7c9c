/// When to stop taking samples of a case: after `warmup` untimed calls, always take
/// `minSamples`; then keep sampling until the timed samples add up to `minTime`
/// seconds; never take more than `maxSamples`.
///
/// Fast cases thus get many samples (a tighter median) and slow cases few, with the
/// time per case bounded by about max(minTime, minSamples × call time).
public struct SamplingPolicy: Equatable, Sendable {
    public var warmup: Int
    public var minSamples: Int
    public var maxSamples: Int
    /// Seconds.
    public var minTime: Double

    public init(warmup: Int, minSamples: Int, maxSamples: Int, minTime: Double) {
        self.warmup = warmup
        self.minSamples = minSamples
        self.maxSamples = maxSamples
        self.minTime = minTime
    }

    /// What to do after `taken` timed samples that together took `elapsed` seconds.
    public enum Decision: Equatable, Sendable {
        case takeSample
        /// `minSamples` and `minTime` are both reached.
        case stopSatisfied
        /// `maxSamples` reached before `minTime`.
        case stopAtMaxSamples
    }

    public func decision(taken: Int, elapsed: Double) -> Decision {
        if taken >= maxSamples { return .stopAtMaxSamples }
        if taken < minSamples || elapsed < minTime { return .takeSample }
        return .stopSatisfied
    }

    /// How many samples a case whose calls each take `secondsPerCall` will get (for
    /// cost estimates; a real run decides sample by sample).
    public func expectedSamples(secondsPerCall: Double) -> Int {
        let forTime = secondsPerCall > 0 ? (minTime / secondsPerCall).rounded(.up) : Double(maxSamples)
        return min(max(minSamples, Int(min(forTime, Double(maxSamples)))), maxSamples)
    }
}

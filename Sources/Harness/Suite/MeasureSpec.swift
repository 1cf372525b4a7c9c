import Foundation

/// The `measure` block of a suite: how many warm-up calls, how many timed samples, how
/// long to keep sampling, which counters to collect, and whether to interleave cases.
public struct MeasureSpec: Equatable, Sendable {
    /// Untimed calls before sampling (caches, page faults, branch predictors).
    public var warmup: Int
    /// Samples always taken.
    public var minSamples: Int
    /// Samples never exceeded, however fast the case.
    public var maxSamples: Int
    /// Seconds of timed samples to collect once `minSamples` are in (up to `maxSamples`).
    public var minTime: Double
    /// Counter event names (PAPI presets or native names); wall and CPU time are always collected.
    public var counters: [String]
    /// Run one sample of each case in turn instead of all samples of a case at once.
    public var interleave: Bool
    /// Fresh processes the suite runs in (`run --invocations N` overrides it): timings then
    /// carry the between-process noise that one process cannot see.
    public var invocations: Int
    /// The caches simulated for `sim::` counters (see `SimCacheSpec`).
    public var simCache: SimCacheSpec

    /// Most invocations a suite or `run --invocations` may ask for.
    public static let maxInvocations = 1000

    public init(
        warmup: Int = 2, minSamples: Int = 5, maxSamples: Int = 50, minTime: Double = 0.5,
        counters: [String] = [], interleave: Bool = false, invocations: Int = 1,
        simCache: SimCacheSpec = .host
    ) {
        self.warmup = warmup
        self.minSamples = minSamples
        self.maxSamples = maxSamples
        self.minTime = minTime
        self.counters = counters
        self.interleave = interleave
        self.invocations = invocations
        self.simCache = simCache
    }

    /// Largest `warmup`, `min_samples` and `max_samples` a suite may ask for: a million
    /// calls or samples is far beyond any useful measurement, and keeps a typo from
    /// running (and recording samples) without end.
    public static let maxCount = 1_000_000

    /// The YAML keys of `measure`.
    public static let keys = [
        "warmup", "min_samples", "max_samples", "min_time", "counters", "interleave", "invocations",
        "sim_cache"
    ]

    /// The sampling rule these settings describe.
    public var samplingPolicy: SamplingPolicy {
        SamplingPolicy(warmup: warmup, minSamples: minSamples, maxSamples: maxSamples, minTime: minTime)
    }

    /// The settings `run --quick` uses: at most 1 warm-up call, 3 samples minimum,
    /// 10 maximum and 0.05 s of sampling, never more than the suite asks for.
    public var quick: MeasureSpec {
        var q = self
        q.warmup = min(warmup, 1)
        q.minSamples = min(minSamples, 3)
        q.maxSamples = max(q.minSamples, min(maxSamples, 10))
        q.minTime = min(minTime, 0.05)
        return q
    }
}

/// Parses durations such as `0.5s`, `200ms`, `50us` or `1000000ns` (a bare number is seconds).
public enum DurationText {
    /// Seconds, or nil when the text is not a non-negative number with an optional unit.
    public static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        // Divisors rather than factors: 200/1e3 rounds to exactly 0.2, 200·1e-3 need not.
        let units: [(String, Double)] = [("ns", 1e9), ("us", 1e6), ("µs", 1e6), ("ms", 1e3), ("s", 1)]
        for (suffix, perSecond) in units where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            guard let x = Double(number), x.isFinite, x >= 0 else { return nil }
            return x / perSecond
        }
        guard let x = Double(t), x.isFinite, x >= 0 else { return nil }
        return x
    }
}

import Harness

/// Percentile-bootstrap confidence interval of a ratio of medians, seeded so results
/// repeat (the interval of one median is `BootstrapMedianCI` in Harness).
public enum Bootstrap {
    /// Percentile bootstrap interval of `median(current) / median(base)`: each group is
    /// resampled with replacement independently, `resamples` times.
    public static func ratioOfMediansInterval(base: [Double], current: [Double], resamples: Int, level: Double,
                                              generator: SeededGenerator) -> (low: Double, high: Double) {
        guard !base.isEmpty, !current.isEmpty else { return (.nan, .nan) }
        var rng = generator
        var ratios = [Double](repeating: 0, count: resamples)
        var scratchBase = [Double](repeating: 0, count: base.count)
        var scratchCurrent = [Double](repeating: 0, count: current.count)
        for r in 0..<resamples {
            let b = resampledMedian(base, into: &scratchBase, &rng)
            let c = resampledMedian(current, into: &scratchCurrent, &rng)
            ratios[r] = c / b
        }
        return interval(&ratios, level: level)
    }

    private static func resampledMedian(_ values: [Double], into scratch: inout [Double],
                                        _ rng: inout SeededGenerator) -> Double {
        let n = values.count
        values.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                for i in 0..<n { target[i] = source[rng.index(below: n)] }
            }
        }
        return scratch.withUnsafeMutableBufferPointer { buffer in
            sortSmall(buffer)
            let n = buffer.count
            return n % 2 == 1 ? buffer[n / 2] : (buffer[n / 2 - 1] + buffer[n / 2]) / 2
        }
    }

    /// Insertion sort for the small arrays of the inner loop (tens of samples), where it
    /// beats the generic sort, notably in unoptimized test builds; larger inputs use `sort`.
    private static func sortSmall(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard buffer.count <= 128 else {
            var whole = buffer
            whole.sort()
            return
        }
        var i = 1
        while i < buffer.count {
            let value = buffer[i]
            var j = i - 1
            while j >= 0 && buffer[j] > value {
                buffer[j + 1] = buffer[j]
                j -= 1
            }
            buffer[j + 1] = value
            i += 1
        }
    }

    private static func interval(_ estimates: inout [Double], level: Double) -> (low: Double, high: Double) {
        estimates.sort()
        let tail = (1 - level) / 2
        return (Quantile.linear(sorted: estimates, tail), Quantile.linear(sorted: estimates, 1 - tail))
    }
}

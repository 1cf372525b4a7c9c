import Foundation

/// Maps data values to pixels on one axis, linear or logarithmic, and picks ticks.
struct ChartScale {
    var low: Double
    var high: Double
    /// Pixel positions of `low` and `high` (may be reversed, as for y).
    var start: Double
    var end: Double
    var isLog: Bool

    /// A scale covering `values` (positive values only for log). `log == nil`: log when
    /// the values span more than one decade. `includeZero` pads a linear scale down to 0.
    init(values: [Double], start: Double, end: Double, log: Bool? = nil, includeZero: Bool = false) {
        let finite = values.filter(\.isFinite)
        let positive = finite.filter { $0 > 0 }
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let useLog = log ?? ChartScale.spansDecade(finite)
        if useLog, let pmin = positive.min(), let pmax = positive.max() {
            // Pad a little so extreme points and reference lines do not sit on the frame.
            lo = pow(10, floor((log10(pmin) - 0.1) * 4) / 4)
            hi = pow(10, ceil((log10(pmax) + 0.1) * 4) / 4)
            if hi <= lo { hi = lo * 10 }
            isLog = true
        } else {
            if includeZero { lo = Swift.min(0, lo); hi = Swift.max(0, hi) }
            if hi == lo { hi = lo + (lo == 0 ? 1 : abs(lo) * 0.1); lo -= lo == 0 ? 0 : abs(lo) * 0.1 }
            let step = ChartScale.niceStep((hi - lo) / 5)
            lo = floor(lo / step) * step
            hi = ceil(hi / step) * step
            isLog = false
        }
        self.low = lo
        self.high = hi
        self.start = start
        self.end = end
    }

    /// True when positive `values` span more than a factor of 10.
    static func spansDecade(_ values: [Double]) -> Bool {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let lo = positive.min(), let hi = positive.max(), values.allSatisfy({ $0 > 0 }) else { return false }
        return hi / lo > 10
    }

    func map(_ v: Double) -> Double {
        let t: Double
        if isLog {
            t = (log10(Swift.max(v, low * 1e-3)) - log10(low)) / (log10(high) - log10(low))
        } else {
            t = (v - low) / (high - low)
        }
        return start + t * (end - start)
    }

    /// 1, 2 or 5 × 10ⁿ closest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let exponent = floor(log10(raw))
        let base = pow(10, exponent)
        for m in [1.0, 2, 5, 10] where m * base >= raw { return m * base }
        return 10 * base
    }

    /// Tick values: powers of ten for log scales (with 2 and 5 when under two decades),
    /// round steps for linear ones.
    func ticks() -> [Double] {
        if isLog {
            var out: [Double] = []
            let decades = log10(high) - log10(low)
            let multiples: [Double] = decades < 2 ? [1, 2, 5] : [1]
            var e = floor(log10(low))
            while e <= ceil(log10(high)) {
                for m in multiples {
                    let v = m * pow(10, e)
                    if v >= low * 0.999 && v <= high * 1.001 { out.append(v) }
                }
                e += 1
            }
            return out
        }
        let step = ChartScale.niceStep((high - low) / 5)
        let first = ceil(low / step - 1e-9) * step
        return stride(from: first, through: high + step * 0.001, by: step).map { abs($0) < step * 1e-9 ? 0 : $0 }
    }
}

/// Error of a float32 output against the float64 reference.
public struct AccuracyMetrics: Equatable, Sendable, Codable {
    public var maxAbsError: Double
    public var rmse: Double
    /// ‖O − ref‖_F / ‖ref‖_F (0 when both are zero).
    public var relativeFrobenius: Double
    /// max |ref|, for tolerances relative to the output's size.
    public var referenceMaxAbs: Double

    public init(output: Tensor4, reference: [Double]) {
        precondition(output.count == reference.count, "output and reference differ in size")
        var maxErr = 0.0, sq = 0.0, refSq = 0.0, refMax = 0.0
        for i in 0..<reference.count {
            let r = reference[i]
            let diff = Double(output.storage[i]) - r
            if diff.isNaN { maxErr = .nan; sq = .nan; break }
            maxErr = max(maxErr, abs(diff))
            sq += diff * diff
            refSq += r * r
            refMax = max(refMax, abs(r))
        }
        maxAbsError = maxErr
        rmse = reference.isEmpty ? 0 : (sq / Double(reference.count)).squareRoot()
        // NaN anywhere (an input with NaN or ±inf) makes every metric NaN, never a misleading 0.
        if sq.isNaN || refSq.isNaN {
            relativeFrobenius = .nan
        } else {
            relativeFrobenius = refSq > 0 ? (sq / refSq).squareRoot() : (sq > 0 ? .infinity : 0)
        }
        referenceMaxAbs = refMax
    }
}

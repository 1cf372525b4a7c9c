import AttentionKernels
import Foundation

/// The JSON object `attend --metrics` prints: shape, variant and errors against the
/// float64 reference.
struct AccuracyReport: Encodable {
    var batch: Int, heads: Int, kvHeads: Int, seqLen: Int, kvLen: Int, headDim: Int
    var layout: String
    var algorithm: String, precision: String, scaling: String, incoherent: Bool, causal: Bool, tile: String
    var maxAbsError: Double, rmse: Double, relativeFrobenius: Double

    init(shape: AttentionShape, plan: AttentionPlan, metrics m: AccuracyMetrics) {
        batch = shape.batch; heads = shape.qHeads; kvHeads = shape.kvHeads
        seqLen = shape.qLen; kvLen = shape.kvLen; headDim = shape.headDim
        layout = plan.layout.name
        algorithm = plan.options.algorithm.rawValue
        precision = plan.options.precision.rawValue
        scaling = plan.options.scaling.rawValue
        incoherent = plan.options.incoherent
        causal = plan.options.causal
        tile = plan.tile.description
        maxAbsError = m.maxAbsError; rmse = m.rmse; relativeFrobenius = m.relativeFrobenius
    }

    var json: String { JSONText.encode(self, pretty: false) }
}

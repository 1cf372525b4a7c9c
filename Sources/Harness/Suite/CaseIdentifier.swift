import AttentionKernels

/// Builds a case's id: a readable name made only of its parameters, so the same
/// parameters give the same id in every run and every file, whatever the key order.
///
/// Layout: `ALG-LAYOUT-bB-hHQ-kvHKV-lLQ-kvLKV-dD-PREC-tTILE` followed by the extras that
/// differ from their defaults, always in this order. A case another implementation runs
/// (a provider) has that implementation's name in front: `torch-flash-mha-…`; attnbench's
/// own cases have none, so their ids are the same as before providers existed.
///
/// | part | when | example |
/// |---|---|---|
/// | precision | always: `fp32`, `e4m3`, `e5m2`; then scaling unless `tensor`, then `inc` when incoherent | `e4m3-block-inc` |
/// | tile | explicit tile, else `fa1` when an SRAM size picks it, else the built-in `64x64` | `t64x64`, `tfa1` |
/// | `causal` | causal masking | `-causal` |
/// | `s` | explicit `sram` | `-s96KiB` |
/// | `sram-` | SRAM from a hardware profile | `-sram-h100` |
/// | `nopack` | `gqa_packing: false` | `-nopack` |
/// | `thr` | threads other than 1 | `-thr2` |
/// | `seed` | seed other than 42 | `-seed7` |
/// | `mu`, `sd` | input mean other than 0, std other than 1 | `-mu0.5-sd2` |
/// | `out` | outliers: fraction × std (only when the fraction is above 0) | `-out0.001x10` |
///
/// Distinct parameter sets give distinct ids, except where the parameters cannot
/// change what runs: an omitted tile and an explicit `64x64` without `sram`, and
/// `outlier_std` while `outlier_fraction` is 0.
public enum CaseIdentifier {
    /// The id of a case with these parameters.
    public static func make(for p: CaseParameters) -> String {
        let layout = p.kvHeads == p.heads ? "mha" : (p.kvHeads == 1 ? "mqa" : "gqa")
        var parts = [
            p.algorithm, layout, "b\(p.batch)", "h\(p.heads)", "kv\(p.kvHeads)", "l\(p.seqLen)",
            "kv\(p.kvLen)", "d\(p.headDim)", precisionPart(p)
        ]
        parts.append("t" + (p.tile ?? (p.sramBytes != nil ? "fa1" : p.effectiveTile)))
        if p.causal { parts.append("causal") }
        if let profile = p.profile {
            parts.append("sram-\(profile)")
        } else if let bytes = p.sramBytes {
            parts.append("s" + SRAMBudget.formatSize(bytes))
        }
        if !p.gqaPacking { parts.append("nopack") }
        if p.threads != 1 { parts.append("thr\(p.threads)") }
        if p.seed != 42 { parts.append("seed\(p.seed)") }
        let d = p.distribution
        if d.mean != 0 { parts.append("mu" + number(d.mean)) }
        if d.std != 1 { parts.append("sd" + number(d.std)) }
        if d.outlierFraction > 0 { parts.append("out\(number(d.outlierFraction))x\(number(d.outlierStd))") }
        if !p.isBuiltIn { parts.insert(p.implementation, at: 0) }
        return parts.joined(separator: "-")
    }

    private static func precisionPart(_ p: CaseParameters) -> String {
        var part = p.precision.hasPrefix("fp8-") ? String(p.precision.dropFirst(4)) : p.precision
        if p.scaling != Scaling.tensor.rawValue { part += "-" + p.scaling }
        if p.incoherent { part += "-inc" }
        return part
    }

    /// Shortest text that reads back as the same double; integers without `.0`.
    private static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}

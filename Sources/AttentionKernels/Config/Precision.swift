/// Storage precision of Q, K and V. FP8 is simulated: values are rounded to the FP8
/// grid (see `FP8Format`) and computed in float32.
public enum Precision: String, CaseIterable, Sendable, Codable {
    case fp32 = "fp32"
    case fp8E4M3 = "fp8-e4m3"
    case fp8E5M2 = "fp8-e5m2"

    /// Bytes per stored element of Q, K and V.
    public var elementBytes: Int { self == .fp32 ? 4 : 1 }

    public var isFP8: Bool { self != .fp32 }

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Granularity of FP8 scale factors: one per tensor, one per head, or one per tile of
/// rows (the kernel's own Q tiles and K/V tiles).
public enum Scaling: String, CaseIterable, Sendable, Codable {
    case tensor, head, block

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

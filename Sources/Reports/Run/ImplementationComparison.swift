import Harness

/// The cases of several implementations side by side: one row per shape (the parameters
/// other than implementation and algorithm), one column per variant (`torch`,
/// `attnbench:flash`, `attnbench:three-pass`…), and each variant's speed relative to a
/// reference variant. The report's implementations table and chart both read it.
public struct ImplementationComparison {
    /// One shape and each variant's median time on it.
    public struct Row {
        /// The case of each variant on this shape (ok cases only).
        public var cases: [String: CaseRecord]
        /// Values of the dimensions that tell rows apart, in `dimensions` order.
        public var values: [String]
    }

    /// Variant labels, the reference first, then in case order: the implementation, then
    /// `:algorithm` when that implementation ran more than one algorithm.
    public let variants: [String]
    /// The variant ratios are taken against.
    public let reference: String
    /// The dimensions that tell rows apart (heads, seq_len, head_dim, causal…).
    public let dimensions: [CaseDimension]
    public let rows: [Row]
    /// Set when the requested reference is not in the run (the first variant is used).
    public let referenceProblem: String?

    /// Dimensions that do not separate rows: they are what the columns compare.
    static let columnDimensions: [CaseDimension] = [.implementation, .algorithm, .tile, .effectiveTile, .seed]
    /// Row labels start with the shape, in this order.
    static let shapeOrder: [CaseDimension] = [.batch, .heads, .kvHeads, .layout, .seqLen, .kvLen, .headDim, .causal]

    /// The comparison for `run`, or nil when it has fewer than two implementations.
    /// `reference`: `IMPLEMENTATION` or `IMPLEMENTATION:ALGORITHM` (default: the run's
    /// suite `reference`, else its first implementation that is not attnbench).
    public init?(_ run: RunRecord, reference requested: String? = nil) {
        let cases = run.cases.filter { $0.status == .ok && $0.statistics["wall_ns"] != nil }
        let implementations = MarkdownRenderer.orderedUnique(cases.map(\.parameters.implementation))
        guard implementations.count > 1 else { return nil }
        var algorithmsOf: [String: [String]] = [:]
        for c in cases { algorithmsOf[c.parameters.implementation, default: []].append(c.parameters.algorithm) }
        func variant(_ c: CaseRecord) -> String {
            let p = c.parameters
            return Set(algorithmsOf[p.implementation] ?? []).count > 1
                ? "\(p.implementation):\(p.algorithm)" : p.implementation
        }
        let found = MarkdownRenderer.orderedUnique(cases.map(variant))
        let wanted =
            requested ?? run.suite.reference
            ?? implementations.first { $0 != CaseParameters.builtInImplementation } ?? found[0]
        let chosen: String
        if let match = found.first(where: { $0 == wanted || $0.hasPrefix(wanted + ":") }) {
            chosen = match
            referenceProblem = nil
        } else if let withoutAlgorithm = found.first(where: { wanted.hasPrefix($0 + ":") }) {
            chosen = withoutAlgorithm  // `torch:flash` when torch ran one algorithm only
            referenceProblem = nil
        } else {
            chosen = found[0]
            referenceProblem = "the reference '\(wanted)' has no finished case in this run; ratios are to \(found[0])"
        }
        reference = chosen
        // The reference first, the others in case order.
        variants = [chosen] + found.filter { $0 != chosen }
        // Shape first, in the order people write shapes; the layout is implied by the head counts.
        var rowDimensions = CaseDimension.varying(in: cases).filter { !Self.columnDimensions.contains($0) }
        if rowDimensions.contains(.heads) && rowDimensions.contains(.kvHeads) {
            rowDimensions.removeAll { $0 == .layout }
        }
        let leading = Self.shapeOrder.filter(rowDimensions.contains)
        dimensions = leading + rowDimensions.filter { !leading.contains($0) }
        var byKey: [String: Int] = [:]
        var rows: [Row] = []
        for c in cases {
            let values = dimensions.map { $0.value(c) }
            let key = values.joined(separator: "\u{1F}")
            if let i = byKey[key] {
                if rows[i].cases[variant(c)] == nil { rows[i].cases[variant(c)] = c }
            } else {
                byKey[key] = rows.count
                rows.append(Row(cases: [variant(c): c], values: values))
            }
        }
        self.rows = rows
    }

    /// Median wall time of `variant` on `row`, ns.
    public func medianNs(_ row: Row, _ variant: String) -> Double? {
        row.cases[variant]?.statistics["wall_ns"]?.median
    }

    /// How many times faster than the reference `variant` is on `row` (reference time /
    /// its time; above 1: faster).
    public func speedup(_ row: Row, _ variant: String) -> Double? {
        guard let mine = medianNs(row, variant), let theirs = medianNs(row, reference), mine > 0 else { return nil }
        return theirs / mine
    }
}

import AttentionKernels

/// One runnable case of a suite: its id, the parameters recorded in the run, and the
/// kernel configuration built from them (already checked by `AttentionPlan`).
public struct SuiteCase: Sendable, Identifiable {
    /// Stable, readable id (see `CaseIdentifier`).
    public var id: String
    /// What the run record stores for the case.
    public var parameters: CaseParameters
    public var shape: AttentionShape
    public var options: AttentionOptions
    public var layout: HeadLayout
    /// Where in the suite file the case comes from (its last matrix value, or its include entry).
    public var origin: SourceLocation

    public init(
        id: String, parameters: CaseParameters, shape: AttentionShape, options: AttentionOptions,
        layout: HeadLayout, origin: SourceLocation
    ) {
        self.id = id
        self.parameters = parameters
        self.shape = shape
        self.options = options
        self.layout = layout
        self.origin = origin
    }

    /// How Q, K and V are drawn.
    public var distribution: InputDistribution { parameters.distribution }

    /// The same case with another input seed (`run --seed N`): parameters, options and
    /// id all change together, so the record stays consistent.
    public func reseeded(_ seed: UInt64) -> SuiteCase {
        var c = self
        c.parameters.seed = seed
        c.options.seed = seed
        c.id = CaseIdentifier.make(for: c.parameters)
        return c
    }

    /// A plan for this case. Validation already built one, so this does not throw for a
    /// case that came out of `SuiteLoader`.
    public func makePlan() throws(AttentionError) -> AttentionPlan {
        try AttentionPlan(shape: shape, options: options)
    }
}

/// The full parameter set of one case: what the case itself sets (matrix, include)
/// over the suite's defaults, over the built-in defaults.
///
/// `kv_len` follows `seq_len` and `kv_heads` follows `heads` when neither the case nor
/// the defaults set them.
struct ResolvedParameters {
    /// Explicitly set values (defaults overlaid by the case's own).
    let explicit: ParameterAssignment

    init(defaults: ParameterAssignment, overrides: ParameterAssignment) {
        explicit = defaults.merging(overrides) { _, new in new }
    }

    /// Where the value came from, when the suite set it (directly or through the
    /// parameter it follows).
    func located(_ parameter: SuiteParameter) -> LocatedValue? {
        if let v = explicit[parameter] { return v }
        return parameter.follows.flatMap { explicit[$0] }
    }

    /// The value in effect, or nil for parameters without a default (tile, sram, profile).
    func value(_ parameter: SuiteParameter) -> ParameterValue? {
        located(parameter)?.value ?? parameter.builtInDefault
    }

    /// Whether every parameter of `entry` has the same value here (an exclude match).
    func matches(_ entry: ParameterAssignment) -> Bool {
        entry.allSatisfy { parameter, located in value(parameter) == located.value }
    }
}

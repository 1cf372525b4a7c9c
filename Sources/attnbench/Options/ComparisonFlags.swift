import ArgumentParser
import Reports

/// How a comparison decides and prints, shared by `compare` and `ab`.
struct ComparisonFlags: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Relative slowdown that counts as a regression (e.g. 10% or 0.1); overrides the "
                + "suite's checks.time.", valueName: "fraction"),
        transform: ArgumentSyntax.fraction)
    var threshold: Double?
    @Option(help: "Significance level of the timing test.") var alpha: Double = 0.05
    @Option(help: "Output format.") var format: ComparisonFormat = .md
    @Flag(help: "Refuse runs from different machines, builds or suite files; let single-invocation timing gate.")
    var strict = false
    @Flag(
        inversion: .prefixedNo, help: "Gate on timing (--no-timing: report timing, gate only on deterministic metrics)."
    )
    var timing = true

    func validate() throws {
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1 (got \(alpha))") }
    }

    /// The comparison options these flags ask for.
    func options(pairedRounds: Bool = false) -> ComparisonOptions {
        ComparisonOptions(
            threshold: threshold, alpha: alpha, timingGates: timing, strict: strict, pairedRounds: pairedRounds)
    }
}

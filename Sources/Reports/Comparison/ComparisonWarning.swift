/// Something the reader of a comparison should know before trusting it. Each case
/// carries what it needs to say the full message (`message`); with `strict`, the
/// environment mismatches (`isEnvironmentMismatch`) fail the comparison.
public enum ComparisonWarning: Equatable, Sendable, CustomStringConvertible {
    case hostDiffers(base: String, current: String)
    case cpuDiffers(base: String, current: String)
    case buildConfigurationDiffers(base: String, current: String)
    case targetCPUDiffers(base: String, current: String)
    case suiteDiffers(base: String, current: String)
    case suiteHashDiffers(base: String, current: String)
    case toolVersionDiffers(base: String, current: String)
    /// `run` is "base" or "current".
    case partialRun(run: String)
    /// A run merged with `merge --allow-mixed` from shards that differ (`differences`:
    /// run.json's `mixed`); `run` is "base" or "current".
    case mixedRun(run: String, differences: [String])
    /// The base (typically a baseline) has no raw samples for some matched cases.
    case timingFromSummaries(cases: Int)
    /// Cases whose sample counts cannot reach significance at `alpha`.
    case tooFewSamples(cases: Int, alpha: Double)
    case timingNotGated
    /// A name in `checks` that compare does not know.
    case unknownCheck(name: String)
    /// Cases timed with fewer than 3 invocations on a side (`gated`: they gate anyway, strict).
    case fewInvocations(cases: Int, gated: Bool)
    /// Cases whose invocation counts cannot reach significance at `alpha` (U test on medians).
    case tooFewInvocations(cases: Int, alpha: Double)
    /// `ab` rounds too few for the sign-flip test to reach `alpha`.
    case tooFewRounds(rounds: Int, alpha: Double)
    /// The current run asked for simulated counters but could not count them (`reason`).
    case simulationUnavailable(reason: String)
    /// The runs' simulations differ in Valgrind version or simulated caches.
    case simulationDiffers(base: String, current: String)

    /// Stable identifier (JSON `kind`).
    public var kind: String {
        switch self {
        case .hostDiffers: return "host_differs"
        case .cpuDiffers: return "cpu_differs"
        case .buildConfigurationDiffers: return "build_configuration_differs"
        case .targetCPUDiffers: return "target_cpu_differs"
        case .suiteDiffers: return "suite_differs"
        case .suiteHashDiffers: return "suite_hash_differs"
        case .toolVersionDiffers: return "tool_version_differs"
        case .partialRun: return "partial_run"
        case .mixedRun: return "mixed_run"
        case .timingFromSummaries: return "timing_from_summaries"
        case .tooFewSamples: return "too_few_samples"
        case .timingNotGated: return "timing_not_gated"
        case .unknownCheck: return "unknown_check"
        case .fewInvocations: return "single_invocation"
        case .tooFewInvocations: return "too_few_invocations"
        case .tooFewRounds: return "too_few_rounds"
        case .simulationUnavailable: return "simulation_unavailable"
        case .simulationDiffers: return "simulation_differs"
        }
    }

    /// The message shown to people.
    public var message: String {
        switch self {
        case let .hostDiffers(b, c):
            return "Runs are from different hosts (base `\(b)`, current `\(c)`): timings are not comparable."
        case let .cpuDiffers(b, c):
            return "Runs are from different CPUs (base `\(b)`, current `\(c)`): timings are not comparable."
        case let .buildConfigurationDiffers(b, c):
            return "Runs use different build configurations (base `\(b)`, current `\(c)`)."
        case let .targetCPUDiffers(b, c):
            return "Runs were compiled for different target CPUs (base `\(b)`, current `\(c)`)."
        case let .suiteDiffers(b, c):
            return "Runs are of different suites (base `\(b)`, current `\(c)`)."
        case let .suiteHashDiffers(b, c):
            return
                "The suite file changed between the runs (sha256 base `\(b.prefix(12))`, current `\(c.prefix(12))`): cases with the same id may be set up differently."
        case let .toolVersionDiffers(b, c):
            return "Runs were made by different attnbench versions (base \(b), current \(c))."
        case let .partialRun(run):
            return "The \(run) run is partial (interrupted): only its finished cases are compared."
        case let .mixedRun(run, differences):
            return "The \(run) run was merged from shards that differ in \(differences.joined(separator: ", ")): its "
                + "cases were timed on different machines or builds, so timing changes may come from that."
        case let .timingFromSummaries(n):
            return
                "\(n) case\(n == 1 ? "" : "s") compared from stored summaries (no raw samples on one side, e.g. a baseline): a timing change counts only when the 95% intervals of the medians do not overlap; no U test."
        case let .tooFewSamples(n, alpha):
            return
                "\(n) case\(n == 1 ? " has" : "s have") too few samples for the U test to reach alpha \(HumanFormat.number(alpha)) (at least 5 a side are needed at 0.05): such timing changes show as inconclusive."
        case .timingNotGated:
            return
                "Timing gates are off (shared runner): slower cases are reported but only deterministic checks decide the exit status."
        case let .unknownCheck(name):
            return "The suite's checks name `\(name)`, which compare does not know; it is ignored."
        case let .fewInvocations(n, gated):
            return "\(n) case\(n == 1 ? " was" : "s were") timed within single process invocations (fewer than "
                + "\(TimingComparison.minimumInvocations) a side): the noise between processes is not measured, so "
                + (gated
                    ? "their timing verdicts gate only because of --strict. "
                    : "their timing verdicts are reported but do not gate (--strict makes them gate). ")
                + "Measure with `run --invocations 5` on both sides, or `attnbench ab`."
        case let .tooFewInvocations(n, alpha):
            return
                "\(n) case\(n == 1 ? " has" : "s have") too few invocations for the U test on invocation medians to reach "
                + "alpha \(HumanFormat.number(alpha)) (4 a side are needed at 0.05): such timing changes show as inconclusive."
        case let .tooFewRounds(rounds, alpha):
            return "\(rounds) round\(rounds == 1 ? "" : "s") are too few for the sign-flip test to reach alpha "
                + "\(HumanFormat.number(alpha)) (6 are needed at 0.05): timing changes show as inconclusive."
        case let .simulationUnavailable(reason):
            return
                "Simulated counters were not counted in the current run (\(reason)); their checks fail where the base has them."
        case let .simulationDiffers(b, c):
            return
                "The runs were simulated differently (base \(b), current \(c)): simulated counts may differ for that reason alone."
        }
    }

    public var description: String { message }

    /// Differences in where or how the runs were made; errors under `strict`.
    public var isEnvironmentMismatch: Bool {
        switch self {
        case .hostDiffers, .cpuDiffers, .buildConfigurationDiffers, .targetCPUDiffers, .suiteDiffers,
            .suiteHashDiffers, .toolVersionDiffers, .mixedRun, .simulationDiffers:
            return true
        case .partialRun, .timingFromSummaries, .tooFewSamples, .timingNotGated, .unknownCheck, .fewInvocations,
            .tooFewInvocations, .tooFewRounds, .simulationUnavailable:
            return false
        }
    }
}

extension ComparisonWarning: Encodable {
    private enum Keys: String, CodingKey { case kind, message, environmentMismatch = "environment_mismatch" }

    /// `{"kind": …, "message": …, "environment_mismatch": …}`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(message, forKey: .message)
        try container.encode(isEnvironmentMismatch, forKey: .environmentMismatch)
    }
}

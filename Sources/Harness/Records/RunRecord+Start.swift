import Counters
import Foundation

extension RunRecord {
    /// The record of a run about to start: the tool, the suite file and its hash, the
    /// options, the machine, and which counters will be collected; no cases yet, and
    /// partial until the runner has finished every case.
    public static func starting(
        _ suite: RunnableSuite, settings: RunSettings, counters session: CounterSession,
        at date: Date
    ) -> RunRecord {
        let s = suite.expanded.suite
        return RunRecord(
            tool: ToolInfo(version: HarnessVersion.current),
            suite: SuiteInfo(
                name: s.name, description: s.description, file: suite.path, sha256: suite.sha256,
                checks: s.checks, reference: s.reference),
            startedAt: RunTimestamp.iso8601(date), partial: true,
            options: RunOptions(
                filter: settings.filter, quick: settings.quick, seed: settings.seed,
                interleave: settings.interleave ?? s.measure.interleave,
                shard: settings.shard?.description,
                providerTimeout: suite.expanded.cases.contains { !$0.parameters.isBuiltIn }
                    ? settings.providerTimeout : nil,
                caseOrderSeed: settings.caseOrderSeed),
            environment: EnvironmentCapture.current(
                papiVersion: PAPIVersion.current, hostProfile: settings.hostProfile),
            counters: CounterAvailability(session), scheduler: settings.scheduler)
    }
}

extension CounterAvailability {
    /// What a counter session found: requested, collected and unavailable events (with
    /// PAPI's reasons), whether the machine has hardware counters, and the note for humans.
    public init(_ session: CounterSession) {
        self.init(
            requested: session.requested, collected: session.collected,
            unavailable: session.unavailable,
            hardwareCounters: session.hardwareCountersAvailable, note: session.note)
    }
}

import AttentionKernels
import Foundation

/// Rounds of fresh process invocations of one suite: one side (`run --invocations N`) or
/// two alternating sides (`ab`: base and current, ABBA…), each invocation a child process
/// that takes every selected case in its own seeded order and writes its own run record.
///
/// Both sides of a round get the same case order, and the side that goes first alternates
/// (AB, BA, AB, …), so that drift of the machine and the position in a round hit both
/// sides alike. A stop request (SIGINT, SIGTERM) is passed on to the running child, which
/// writes its finished cases; the series then ends and reports it was interrupted.
public struct InvocationSeries {
    /// One side: a name for messages (`base`, `current`, `run`) and its command.
    public struct Side: Sendable {
        public var name: String
        public var command: InvocationCommand
        public init(name: String, command: InvocationCommand) {
            self.name = name
            self.command = command
        }
    }

    /// How a series ended.
    public struct Outcome: Sendable {
        /// Rounds in which every side finished its invocation completely.
        public var completeRounds: Int
        public var interrupted: Bool
    }

    public let suiteName: String
    public let sides: [Side]
    public let rounds: Int
    /// Seed from which every round's case-order seed is derived.
    public let seed: UInt64

    public init(suiteName: String, sides: [Side], rounds: Int, seed: UInt64) {
        self.suiteName = suiteName
        self.sides = sides
        self.rounds = rounds
        self.seed = seed
    }

    /// The case-order seed of round `round` (the same for every side).
    public func orderSeed(round: Int) -> UInt64 {
        var rng = SplitMix64(seed: seed, label: "invocation-\(round)")
        return rng.next()
    }

    /// The sides in the order round `round` runs them: as given in even rounds, reversed
    /// in odd ones (ABBA…).
    public func order(round: Int) -> [Int] {
        round % 2 == 0 ? Array(sides.indices) : Array(sides.indices.reversed())
    }

    /// Runs the rounds; `finished(side, invocation)` receives every invocation that left a
    /// record (also the interrupted one). Throws when a child cannot start, fails, or is
    /// killed; what `finished` has received by then stays valid.
    public func run(
        stop: StopSignal, progress: RunProgress,
        finished: (Int, FinishedInvocation) throws -> Void
    ) throws -> Outcome {
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("attnbench-invocations-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let started = Date()
        let total = rounds * sides.count
        var done = 0, completeRounds = 0
        for round in 0..<rounds {
            var roundComplete = true
            for side in order(round: round) {
                if stop.isRequested { return Outcome(completeRounds: completeRounds, interrupted: true) }
                let elapsed = Date().timeIntervalSince(started)
                progress.invocationStarted(
                    suite: suiteName, round: round + 1, of: rounds,
                    side: sides.count > 1 ? sides[side].name : nil, elapsed: elapsed,
                    remaining: done > 0 ? elapsed / Double(done) * Double(total - done) : nil)
                guard let invocation = try runOne(side: side, round: round, under: work, stop: stop) else {
                    return Outcome(completeRounds: completeRounds, interrupted: true)
                }
                done += 1
                roundComplete = roundComplete && invocation.info.complete
                try finished(side, invocation)
                if !invocation.info.complete { return Outcome(completeRounds: completeRounds, interrupted: true) }
            }
            if roundComplete { completeRounds += 1 }
        }
        return Outcome(completeRounds: completeRounds, interrupted: stop.isRequested)
    }

    /// One invocation; nil when it was interrupted before it wrote any record.
    private func runOne(side: Int, round: Int, under work: URL, stop: StopSignal) throws -> FinishedInvocation? {
        let name = "\(String(format: "%04d", round))-\(sides[side].name)"
        let out = work.appendingPathComponent(name), log = work.appendingPathComponent(name + ".stderr")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let what =
            "\(sides[side].command.executable.path) (\(sides.count > 1 ? sides[side].name + ", " : "")"
            + "invocation \(round + 1) of \(rounds))"
        let seed = orderSeed(round: round)
        let startedAt = RunTimestamp.iso8601(Date())
        let ending = try InvocationProcess.run(sides[side].command, orderSeed: seed, out: out, log: log, stop: stop)
        switch ending {
        case .exited(0), .exited(1), .exited(130):
            break  // 1: the run finished, but a case failed (its record says which)
        case .killed(let sig) where stop.isRequested && [SIGINT, SIGTERM, SIGKILL].contains(sig):
            break  // stopped before it could install its handlers, or did not stop in time
        case .exited(let status):
            throw InvocationError.childFailed(what, status, InvocationProcess.tail(of: log))
        case .killed(let sig):
            throw InvocationError.childKilled(what, sig, InvocationProcess.tail(of: log))
        }
        let interrupted = ending != .exited(0) && ending != .exited(1)
        if interrupted && !stop.isRequested { stop.request(SIGINT) }  // the child was told to stop by someone else
        let record: RunRecord
        do {
            record = try Self.loadRecord(in: out, suite: suiteName, what: what)
        } catch  where interrupted {
            return nil
        }
        let info = InvocationRecord(
            index: round, caseOrderSeed: seed, startedAt: startedAt,
            finishedAt: RunTimestamp.iso8601(Date()), complete: !interrupted && !record.partial,
            cases: record.cases.count)
        return FinishedInvocation(info: info, record: record)
    }

    /// The one run record a child wrote under `out/<suite>/<stamp>-<host>/`.
    static func loadRecord(in out: URL, suite: String, what: String) throws -> RunRecord {
        let parent = out.appendingPathComponent(suite)
        let entries =
            (try? FileManager.default.contentsOfDirectory(atPath: parent.path))?.filter { !$0.hasPrefix(".") } ?? []
        guard entries.count == 1, let entry = entries.first else {
            throw InvocationError.noRecord(
                what, "expected one run directory under \(parent.path), found \(entries.count)")
        }
        do {
            return try RunRecordStore.load(from: parent.appendingPathComponent(entry))
        } catch {
            throw InvocationError.noRecord(what, "\(error)")
        }
    }
}

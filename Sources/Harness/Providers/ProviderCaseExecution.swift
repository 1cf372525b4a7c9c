import AttentionKernels
import Counters
import Foundation

/// One case of a provider made ready to sample. attnbench writes the case's own seeded
/// Q, K and V (the very bits its kernels get) as `.npy` files, asks the provider to
/// prepare the case — load them, run once and write O — and checks that O against the
/// float64 reference exactly as it checks its own kernels. Samples are then timed inside
/// the provider, `calls` back-to-back calls per request, under the runner's sampling
/// policy; CPU time and resources are the provider process's own.
///
/// Modeled traffic does not apply (the record has none); FLOPs are the nominal count.
final class ProviderCaseExecution: CaseSampler {
    let suiteCase: SuiteCase
    private let session: ProviderSession
    private let files: URL
    let accuracy: AccuracyMetrics
    private(set) var samples: [Sample] = []
    private(set) var elapsed: Double = 0
    private var callsPerSample = 1
    private var before: ProviderResources?
    private var after: ProviderResources?

    init(_ suiteCase: SuiteCase, session: ProviderSession, files: URL, accuracyBudget: Int) throws(CaseNotRun) {
        self.suiteCase = suiteCase
        self.session = session
        self.files = files
        let p = suiteCase.parameters, s = suiteCase.shape
        if let failure = session.failure { throw .failed(failure) }
        if let why = session.capabilities.refusal(of: p, provider: session.name) { throw .skipped(why) }
        // The plan is not run; it says which scale attnbench's kernels use (it allocates nothing).
        let scale: Float
        do {
            scale = try suiteCase.makePlan().scale
        } catch {
            throw .failed(error.message)
        }
        let inputs = CaseInputs(shape: s, distribution: suiteCase.distribution, seed: p.seed)
        let (q, k, v) = (inputs.q, inputs.k, inputs.v)
        let path = { (name: String) in files.appendingPathComponent(name).path }
        do {
            try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
            try NPYFile.write(q, to: path("q.npy"))
            try NPYFile.write(k, to: path("k.npy"))
            try NPYFile.write(v, to: path("v.npy"))
        } catch {
            throw .failed("cannot write the inputs for \(session.name): \(error)")
        }
        let request = ProviderProtocol.Prepare(
            id: suiteCase.id, batch: s.batch, heads: s.qHeads, kvHeads: s.kvHeads, seqLen: s.qLen, kvLen: s.kvLen,
            headDim: s.headDim, causal: p.causal, scale: Double(scale), algorithm: p.algorithm,
            precision: p.precision, scaling: p.scaling, incoherent: p.incoherent,
            tile: session.capabilities.tiles == true ? p.tile ?? p.effectiveTile : nil, threads: p.threads,
            q: path("q.npy"), k: path("k.npy"), v: path("v.npy"), out: path("o.npy"))
        let reply = try Self.ask(session, request, waitingFor: "its reply to prepare \(suiteCase.id)")
        switch reply.type {
        case "ready": break
        case "skipped": throw .skipped("\(session.name): " + (reply.reason ?? "no reason given"))
        default: throw Self.unexpected(reply, session: session, expected: "ready")
        }
        let output: Tensor4
        do {
            output = try NPYFile.read(path("o.npy"))
        } catch {
            throw .failed("\(session.name) wrote no usable output: \(error)")
        }
        guard output.shape == q.shape else {
            throw .failed("\(session.name) wrote O of shape \(output.shape); the case needs \(q.shape)")
        }
        let bad = output.storage.lazy.filter { !$0.isFinite }.count
        guard bad == 0 else { throw .failed("\(session.name)'s output has \(bad) non-finite values (NaN or infinite)") }
        accuracy = AccuracyReference(inputs, causal: p.causal, scale: scale, budget: accuracyBudget).metrics(of: output)
    }

    /// The reply to `request`; a broken-down provider fails the case with its reason.
    private static func ask<T: Encodable>(
        _ session: ProviderSession, _ request: T,
        waitingFor what: String
    ) throws(CaseNotRun) -> ProviderProtocol.Reply {
        do {
            return try session.request(request, waitingFor: what)
        } catch {
            if error == .interrupted { throw .stopped }
            throw .failed(session.failure ?? "\(session.name) \(error)")
        }
    }

    private static func unexpected(_ reply: ProviderProtocol.Reply, session: ProviderSession, expected: String)
        -> CaseNotRun
    {
        if reply.type == "error" { return .failed("\(session.name): " + (reply.message ?? "error without a message")) }
        session.fail(.protocolViolation("replied '\(reply.type)' where '\(expected)' (or 'error') was due"))
        return .failed(session.failure ?? "")
    }

    /// `calls` timed calls; their per-call times, checked.
    private func run(calls: Int) throws(CaseNotRun) -> [Int64] {
        let sent = ProcessResources.now().wallNanoseconds
        let reply = try Self.ask(
            session, ProviderProtocol.Run(id: suiteCase.id, calls: calls),
            waitingFor: "its reply to run \(suiteCase.id)")
        let roundTrip = Int64(ProcessResources.now().wallNanoseconds - sent)
        guard reply.type == "timed" else { throw Self.unexpected(reply, session: session, expected: "timed") }
        let ns = reply.ns ?? []
        let problem: String?
        if ns.count != calls {
            problem = "timed \(ns.count) calls where \(calls) were asked for"
        } else if ns.contains(where: { $0 <= 0 }) {
            problem = "reported a call time that is not positive"
        } else if ns.reduce(0, +) > roundTrip + roundTrip / 10 + 1_000_000 {
            // Times measured inside the provider cannot add up to more than the request took.
            problem = "reported \(ns.reduce(0, +)) ns for calls that took \(roundTrip) ns from request to reply"
        } else {
            problem = nil
        }
        if let problem {
            session.fail(.protocolViolation(problem))
            throw .failed(session.failure ?? problem)
        }
        return ns
    }

    func warmUp(_ count: Int, minSampleTime: Double, observer: WorkerObserver?) throws(CaseNotRun) {
        var fastest = Double.infinity
        var calls = 0
        while calls < max(1, count) || (calls < 5 && fastest < minSampleTime) {
            fastest = min(fastest, Double(try run(calls: 1)[0]) / 1e9)
            calls += 1
        }
        callsPerSample = fastest > 0 ? min(10_000, max(1, Int((minSampleTime / fastest).rounded(.up)))) : 1
    }

    func takeSample(_ context: SampleContext) throws(CaseNotRun) {
        let n = callsPerSample
        if before == nil { before = session.resources() }
        let start = ProcessResources.now().wallNanoseconds
        let cpu0 = session.cpuNanoseconds
        let ns = try run(calls: n)
        let cpu1 = session.cpuNanoseconds
        after = session.resources()
        let total = ns.reduce(0, +)
        let cpu = cpu0.flatMap { a in cpu1.map { b in (b - a) / Int64(n) } } ?? 0
        samples.append(
            Sample(
                wallNs: total / Int64(n), cpuNs: cpu, calls: n > 1 ? n : nil, round: context.round,
                startNs: Int64(start) - Int64(context.runStart)))
        elapsed += Double(total) / 1e9
    }

    func record(counterNames: [String]) -> CaseRecord {
        let c = suiteCase
        var stats: [String: Summary] = [:]
        stats["wall_ns"] = Summary(samples: samples.map { Double($0.wallNs) })
        stats["cpu_ns"] = Summary(samples: samples.map { Double($0.cpuNs) })
        let flops = c.shape.nominalFlops(causal: c.parameters.causal)
        var derived = DerivedMetrics()
        if let wall = stats["wall_ns"]?.median, wall > 0 { derived.gflops = Double(flops) / wall }
        let resources = before.flatMap { b in after.map { $0.usage(since: b) } }
        return CaseRecord(
            id: c.id, parameters: c.parameters, layout: c.layout.name, status: .ok, samples: samples,
            statistics: stats, traffic: nil,
            accuracy: Accuracy(
                maxAbsError: accuracy.maxAbsError, rmse: accuracy.rmse,
                relativeFrobenius: accuracy.relativeFrobenius),
            derived: derived, resources: resources, nominalFlops: flops)
    }

    func release() {
        if session.failure == nil {
            _ = try? Self.ask(
                session, ProviderProtocol.Release(id: suiteCase.id), waitingFor: "its reply to release \(suiteCase.id)")
        }
        try? FileManager.default.removeItem(at: files)
    }
}

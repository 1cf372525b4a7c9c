import AttentionKernels
import Counters
import Foundation

/// The child side of a simulated case: `attnbench simulate-case`, run by `CaseSimulator`
/// under callgrind, reads a `SimulationRequest` on stdin and makes exactly one counted call.
///
/// Everything before the call — decoding, input generation, FP8 preparation, the warm-up
/// calls that allocate the plan's buffers — runs without instrumentation. Then
/// instrumentation starts (the simulated caches start empty, as the memory model assumes
/// inputs start in "HBM"), collection is switched on, one call runs, and collection stops.
/// So the counts cover the kernel call and nothing else, and since the call allocates
/// nothing and calls no glibc string function, nothing in it depends on which CPU Valgrind
/// runs on (see docs/counters.md).
public enum SimulationChild {
    /// Why the child could not run; printed on stderr, where the parent reads it.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A calibration hook: `ATTNBENCH_SIM_EXTRA_WORK=N` adds N iterations of a known loop
    /// (`SimulationCalibration.extraWork`) inside the counted region, so a test or a user can
    /// check that a gate on `sim::Ir` catches a slower kernel.
    public static let extraWorkVariable = "ATTNBENCH_SIM_EXTRA_WORK"

    /// Runs the request and returns a one-line summary for stdout.
    public static func run(input: Data, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(Failure) -> String
    {
        guard CallgrindRequests.compiledIn else {
            throw Failure(
                description: "this build has no Callgrind client requests (valgrind/callgrind.h was missing "
                    + "when it was built); install valgrind and rebuild it with `\(SimulationBinary.buildCommand)`")
        }
        guard CallgrindRequests.runningOnValgrind else {
            throw Failure(
                description: "simulate-case only runs under callgrind (attnbench starts it itself for sim:: counters)")
        }
        let request: SimulationRequest
        do {
            request = try RecordJSON.decoder().decode(SimulationRequest.self, from: input)
        } catch {
            throw Failure(description: "cannot read the simulation request on stdin: \(error)")
        }
        let extra = environment[extraWorkVariable].flatMap { Int($0) } ?? 0
        let p = request.parameters
        let plan: AttentionPlan, prepared: PreparedInputs
        let s = p.attentionShape
        do {
            var options = try p.attentionOptions()
            options.threads = 1
            plan = try AttentionPlan(shape: s, options: options)
            // The same inputs as the timed run: one seeded draw per tensor (CaseInputs).
            let inputs = CaseInputs(shape: s, distribution: p.distribution, seed: p.seed)
            prepared = try plan.prepare(q: inputs.q, k: inputs.k, v: inputs.v)
        } catch {
            throw Failure(description: "case \(request.id): \(error.message)")
        }
        let call = CountedCall(plan: plan, inputs: prepared, extraWork: extra)
        do {
            // Checked calls: a refused call would throw before touching the kernel, so the
            // counted call below cannot fail once these succeeded.
            for _ in 0..<max(1, request.warmup) { try call.execute() }
        } catch {
            throw Failure(description: "case \(request.id): \(error.message)")
        }
        if let failure = call.runCountedOnFreshThread() {
            throw Failure(description: "case \(request.id): \(failure.message)")
        }
        return "simulated \(request.id)"
    }
}

/// The counted kernel call and its state. It runs on a thread of its own, started just for it:
/// a new thread's stack is a fresh mapping and its frames start at the same depth every
/// time, so the stack lines the kernel touches sit at the same page offsets however deep
/// the main thread was or how large its environment is (with a 3 KB larger environment the
/// main thread's stack moved and `D1mr` moved by 0.7 %). Callgrind collects per thread, so
/// the waiting main thread is not counted.
final class CountedCall: @unchecked Sendable {
    let plan: AttentionPlan
    let inputs: PreparedInputs
    let extraWork: Int
    var output: Tensor4
    private var failure: AttentionError?

    init(plan: AttentionPlan, inputs: PreparedInputs, extraWork: Int) {
        self.plan = plan
        self.inputs = inputs
        self.extraWork = extraWork
        output = plan.makeOutput()
    }

    func execute() throws(AttentionError) {
        try plan.executeUnrecorded(inputs, into: &output)
    }

    /// One call with collection on, on a new thread; the call's error, if any.
    func runCountedOnFreshThread() -> AttentionError? {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            CallgrindRequests.collecting {
                do throws(AttentionError) {
                    try execute()
                } catch {
                    failure = error
                }
                if extraWork > 0 { SimulationCalibration.extraWork(iterations: extraWork) }
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        done.wait()
        return failure
    }
}

/// What the parent asks the child to simulate (stdin of `attnbench simulate-case`).
public struct SimulationRequest: Codable, Equatable, Sendable {
    /// The case id (for messages).
    public var id: String
    /// Everything the case runs with; inputs are generated from its seed exactly as in the run.
    public var parameters: CaseParameters
    /// Uninstrumented calls before the counted one (they allocate the plan's buffers).
    public var warmup: Int

    public init(id: String, parameters: CaseParameters, warmup: Int = 1) {
        self.id = id
        self.parameters = parameters
        self.warmup = warmup
    }
}

/// A loop of known cost, for calibrating gates on simulated counts (see
/// `SimulationChild.extraWorkVariable`).
public enum SimulationCalibration {
    /// Runs `iterations` rounds of an integer recurrence the optimizer cannot remove.
    @inline(never)
    public static func extraWork(iterations: Int) {
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<iterations { x = (x ^ UInt64(truncatingIfNeeded: i)) &* 0xBF58_476D_1CE4_E5B9 }
        sink = x
    }

    nonisolated(unsafe) private static var sink: UInt64 = 0
}

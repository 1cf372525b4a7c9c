/// What one invocation left: its bookkeeping and the run record it wrote (complete, or
/// partial when it was interrupted).
public struct FinishedInvocation: Sendable {
    public var info: InvocationRecord
    public var record: RunRecord

    public init(info: InvocationRecord, record: RunRecord) {
        self.info = info
        self.record = record
    }
}

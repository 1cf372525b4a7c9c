/// A provider that took part in a run (run.json `providers[]`): what attnbench started,
/// what the provider said about itself in its hello, and whether it broke down.
public struct ProviderRecord: Codable, Equatable, Sendable {
    /// The implementation name cases use (`torch`, `numpy`, or one the suite declares).
    public var name: String
    /// The program and arguments that were started.
    public var command: [String]
    /// The directory it was started in.
    public var workingDirectory: String?
    /// The name, version and description the provider reported in its hello.
    public var reportedName: String?
    public var version: String?
    public var description: String?
    public var capabilities: ProviderCapabilities?
    /// Why it stopped taking part (could not start, died, timed out, broke the protocol):
    /// its remaining cases are `failed` with this reason.
    public var failure: String?

    public init(
        name: String, command: [String], workingDirectory: String? = nil, reportedName: String? = nil,
        version: String? = nil, description: String? = nil, capabilities: ProviderCapabilities? = nil,
        failure: String? = nil
    ) {
        self.name = name
        self.command = command
        self.workingDirectory = workingDirectory
        self.reportedName = reportedName
        self.version = version
        self.description = description
        self.capabilities = capabilities
        self.failure = failure
    }
}

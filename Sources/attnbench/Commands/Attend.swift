import ArgumentParser

struct Attend: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one attention call on .npy tensors.")
    func run() throws {}
}

import ArgumentParser

struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Model traffic (placeholder).")
    func run() throws {}
}

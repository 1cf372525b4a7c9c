import ArgumentParser
import AttentionKernels
import Reports

// The library's enums as option values. Their value lists come from `CaseIterable`, so
// `--help` and shell completion list every case the kernels know (a new algorithm appears
// without touching the CLI), and ArgumentParser refuses anything else naming the option.
// The conformances live here because only the CLI depends on ArgumentParser (the types
// are this package's own, so they are not retroactive).

extension Algorithm: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}
extension Scaling: ExpressibleByArgument {}
extension ComparisonFormat: ExpressibleByArgument {}

extension FP8Format: ExpressibleByArgument {
    /// `e4m3` or `e5m2`, in any letter case.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// Parsers for values written in a small syntax; each error says what the syntax is,
/// and ArgumentParser puts the option and the value in front of it.
enum ArgumentSyntax {
    @Sendable static func tile(_ text: String) throws -> TileSize {
        guard let tile = TileSize(parsing: text) else {
            throw ValidationError("not BRxBC with positive integers (e.g. 64x64)")
        }
        return tile
    }

    @Sendable static func size(_ text: String) throws -> Int {
        guard let bytes = SRAMBudget.parseSize(text) else {
            throw ValidationError("not a size (e.g. 192KiB, 96KB, 65536)")
        }
        return bytes
    }

    @Sendable static func fraction(_ text: String) throws -> Double {
        guard let value = ComparisonOptions.parseFraction(text) else {
            throw ValidationError("not a fraction such as 10% or 0.1")
        }
        return value
    }

    @Sendable static func algorithms(_ text: String) throws -> [Algorithm] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { name in
            guard let algorithm = Algorithm(rawValue: String(name)) else {
                throw ValidationError("unknown algorithm '\(name)' (expected one of \(Algorithm.names))")
            }
            return algorithm
        }
    }
}

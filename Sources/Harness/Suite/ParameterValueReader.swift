import AttentionKernels
import Yams

/// Parses the YAML value of one `SuiteParameter` into a `ParameterValue`, reporting a
/// located diagnostic (wrong type, unknown name, bad size) when it cannot.
struct ParameterValueReader {
    let reader: SuiteNodeReader
    let profiles: any HardwareProfileCatalog

    /// The keys of a `distribution` mapping.
    static let distributionKeys = ["mean", "std", "outlier_fraction", "outlier_std"]

    /// The value of `parameter` written as `node`, or nil after reporting why not.
    func value(of parameter: SuiteParameter, _ node: Node) -> ParameterValue? {
        let key = parameter.key
        switch parameter {
        case .batch, .heads, .kvHeads, .seqLen, .kvLen, .headDim, .threads:
            return reader.integer(node, what: key, minimum: 1).map(ParameterValue.integer)
        case .causal, .incoherent, .gqaPacking:
            return reader.flag(node, what: key).map(ParameterValue.flag)
        case .algorithm:
            return reader.choice(node, what: key, as: Algorithm.self).map(ParameterValue.algorithm)
        case .precision:
            return reader.choice(node, what: key, as: Precision.self).map(ParameterValue.precision)
        case .scaling:
            return reader.choice(node, what: key, as: Scaling.self).map(ParameterValue.scaling)
        case .tile:
            return tile(node)
        case .sram:
            return size(node)
        case .profile:
            return profile(node)
        case .seed:
            return seed(node)
        case .distribution:
            return distribution(node)
        case .implementation:
            return implementation(node)
        }
    }

    private func implementation(_ node: Node) -> ParameterValue? {
        guard let text = reader.string(node, what: "implementation") else { return nil }
        guard ProviderName.isValid(text) else {
            reader.report(
                .wrongType, at: node,
                "implementation must be a name such as attnbench, torch or numpy "
                    + "(\(ProviderName.rule); got '\(text)')")
            return nil
        }
        return .implementation(text)
    }

    private func tile(_ node: Node) -> ParameterValue? {
        guard let text = reader.string(node, what: "tile") else { return nil }
        if text.lowercased() == "auto" { return .tile(nil) }
        guard let tile = TileSize(parsing: text) else {
            reader.report(
                .wrongType, at: node,
                "tile must be BRxBC with positive integers, such as 64x64, or auto (got '\(text)')")
            return nil
        }
        return .tile(tile)
    }

    private func size(_ node: Node) -> ParameterValue? {
        guard let text = reader.string(node, what: "sram") else { return nil }
        guard let bytes = SRAMBudget.parseSize(text) else {
            reader.report(
                .badQuantity, at: node,
                "sram must be a positive size such as 96KiB, 192KB, 1MiB or a byte count (got '\(text)')")
            return nil
        }
        return .size(bytes)
    }

    private func profile(_ node: Node) -> ParameterValue? {
        guard let text = reader.string(node, what: "profile") else { return nil }
        let name = text.lowercased()
        guard profiles.sramBytes(forProfile: name) != nil else {
            let valid = profiles.profileNames
            reader.report(
                .unknownValue, at: node,
                "unknown profile '\(text)'" + NearestName.hint(for: text, among: valid)
                    + "; valid: \(valid.joined(separator: ", "))")
            return nil
        }
        return .profile(name)
    }

    private func seed(_ node: Node) -> ParameterValue? {
        guard let text = reader.string(node, what: "seed") else { return nil }
        guard let s = UInt64(text.replacingOccurrences(of: "_", with: "")) else {
            reader.report(.wrongType, at: node, "seed must be a non-negative integer below 2^64 (got '\(text)')")
            return nil
        }
        return .seed(s)
    }

    private func distribution(_ node: Node) -> ParameterValue? {
        let entries = reader.entries(of: node, allowed: Self.distributionKeys, what: "distribution")
        var d = InputDistribution.standard
        var ok = true
        for entry in entries {
            guard let x = reader.number(entry.value, what: "distribution.\(entry.key)") else { ok = false; continue }
            switch entry.key {
            case "mean":
                d.mean = x
            case "std", "outlier_std":
                guard x > 0 else {
                    reader.report(.outOfRange, at: entry.value, "distribution.\(entry.key) must be positive (got \(x))")
                    ok = false
                    continue
                }
                if entry.key == "std" { d.std = x } else { d.outlierStd = x }
            default:
                guard x >= 0 && x <= 1 else {
                    reader.report(
                        .outOfRange, at: entry.value,
                        "distribution.outlier_fraction must be between 0 and 1 (got \(x)); 0.1% is 0.001")
                    ok = false
                    continue
                }
                d.outlierFraction = x
            }
        }
        // A rejected key was reported by `entries`; a half-read distribution would mislead.
        let allKeysKnown = entries.count == node.mapping?.count
        return ok && allKeysKnown ? .distribution(d) : nil
    }
}

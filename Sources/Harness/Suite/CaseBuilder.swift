import AttentionKernels

/// Turns one expanded combination into a `SuiteCase`: applies defaults, builds the
/// recorded `CaseParameters`, and lets `AttentionPlan` check the configuration (head
/// layout, tile against SRAM, incoherent processing…). A refused configuration is
/// reported at the suite line most responsible for it.
struct CaseBuilder {
    let defaults: ParameterAssignment
    let profiles: any HardwareProfileCatalog
    /// Cases needing more memory than this are refused (nil: no limit).
    var memory: MemoryBudget?
    /// How the suite measures (samples are kept in memory).
    var measure = MeasureSpec()

    /// Why a combination cannot run, located at the value to change.
    struct Failure: Error {
        let kind: SuiteDiagnostic.Kind
        let location: SourceLocation
        let message: String
        /// For a case over the memory limit: the bytes it needs (nil: beyond 2^63) and their parts.
        var memory: (bytes: Int?, detail: String)?
    }

    /// Every reason one combination cannot run.
    struct Failures: Error {
        let all: [Failure]
    }

    func build(_ combination: CaseExpander.Combination) -> Result<SuiteCase, Failures> {
        let resolved = ResolvedParameters(defaults: defaults, overrides: combination.values)
        func fail(_ kind: SuiteDiagnostic.Kind, _ message: String, blaming candidates: [SuiteParameter]) -> Failure {
            Failure(
                kind: kind, location: Self.mostSpecific(candidates, in: resolved) ?? combination.origin,
                message: message)
        }
        var sramBytes = resolved.value(.sram).flatMap(Self.size)
        let profile = resolved.value(.profile).flatMap(Self.profileName)
        if let name = profile {
            let profileBytes = profiles.sramBytes(forProfile: name)
            if let bytes = sramBytes, let fromProfile = profileBytes {
                return .failure(
                    Failures(all: [
                        fail(
                            .conflict,
                            "sram (\(SRAMBudget.formatSize(bytes))) and profile (\(name): "
                                + "\(SRAMBudget.formatSize(fromProfile))) both set the SRAM capacity; keep one",
                            blaming: [.sram, .profile])
                    ]))
            }
            sramBytes = profileBytes
        }
        var parameters = CaseParameters(
            batch: integer(.batch, resolved), heads: integer(.heads, resolved), kvHeads: integer(.kvHeads, resolved),
            seqLen: integer(.seqLen, resolved), kvLen: integer(.kvLen, resolved), headDim: integer(.headDim, resolved),
            causal: flag(.causal, resolved), algorithm: name(.algorithm, resolved),
            precision: name(.precision, resolved),
            scaling: name(.scaling, resolved), incoherent: flag(.incoherent, resolved),
            tile: resolved.value(.tile).flatMap(Self.tile)?.description,
            effectiveTile: TileSize.defaultTile.description,
            sramBytes: sramBytes, profile: profile, gqaPacking: flag(.gqaPacking, resolved),
            threads: integer(.threads, resolved),
            seed: seed(resolved), distribution: distribution(resolved), implementation: implementation(resolved))
        do {
            let shape = parameters.attentionShape
            let options = try parameters.attentionOptions()
            let plan = try AttentionPlan(shape: shape, options: options)
            parameters.effectiveTile = plan.tile.description
            if let memory {
                let needs = CaseMemory(
                    shape: shape, options: options, maxSamples: measure.maxSamples,
                    counters: measure.counters.count)
                let bytes = needs.total
                if bytes.map({ $0 > memory.limitBytes }) ?? true,
                    let refusal = memory.refusal("the case", needs: bytes, detail: needs.detail)
                {
                    var f = fail(.tooLarge, refusal, blaming: Self.sizeParameters)
                    f.memory = (bytes, needs.detail)
                    return .failure(Failures(all: [f]))
                }
            }
            if options.algorithm == .flashDecoding { parameters.kvSplits = plan.kvSplit.splits }
            return .success(
                SuiteCase(
                    id: CaseIdentifier.make(for: parameters), parameters: parameters, shape: shape,
                    options: options, layout: plan.layout, origin: combination.origin))
        } catch {
            // Report every problem of the configuration, not just the first one the plan met.
            var errors = [error]
            if let options = try? parameters.attentionOptions() {
                let all = AttentionPlan.problems(shape: parameters.attentionShape, options: options)
                if !all.isEmpty { errors = all }
            }
            return .failure(
                Failures(
                    all: errors.map { e in
                        let (kind, blamed) = Self.blame(e, parameters)
                        return fail(kind, e.message, blaming: blamed)
                    }))
        }
    }

    /// Which parameters a refusal is about, most likely culprit first.
    private static func blame(_ error: AttentionError, _ p: CaseParameters) -> (SuiteDiagnostic.Kind, [SuiteParameter])
    {
        switch error.kind {
        case .headLayout: return (.headLayout, [.kvHeads, .heads])
        case .sramCapacity: return (.sramCapacity, [.tile, .sram, .profile, .headDim, .precision, .algorithm])
        case .tile: return (.invalidConfiguration, [.tile])
        case .shape: return (.invalidConfiguration, [.seqLen, .kvLen, .headDim, .batch])
        case .option: return (.invalidConfiguration, [.threads, .algorithm])
        case .size: return (.tooLarge, sizeParameters)
        case .precision:
            let fp8 = Precision(rawValue: p.precision)?.isFP8 ?? false
            return (.invalidConfiguration, fp8 ? [.incoherent, .headDim] : [.incoherent, .precision])
        }
    }

    /// The parameters that make a case large, most likely culprit first.
    static let sizeParameters: [SuiteParameter] = [
        .seqLen, .kvLen, .headDim, .batch, .heads, .kvHeads, .tile, .sram,
        .profile, .threads
    ]

    /// The location of the candidate set by the most specific part of the suite
    /// (include over matrix over defaults); ties go to the earlier candidate.
    private static func mostSpecific(_ candidates: [SuiteParameter], in resolved: ResolvedParameters) -> SourceLocation?
    {
        var best: LocatedValue?
        for candidate in candidates {
            guard let v = resolved.located(candidate) else { continue }
            if best.map({ v.source > $0.source }) ?? true { best = v }
        }
        return best?.location
    }

    // Typed reads of resolved values. The parser only stores a value of the type its
    // parameter declares, and every parameter read here has a built-in default, so the
    // fallbacks below are never taken; they keep a mismatch from trapping.
    private func integer(_ p: SuiteParameter, _ r: ResolvedParameters) -> Int {
        if case .integer(let n)? = r.value(p) { return n }
        return 1
    }

    private func flag(_ p: SuiteParameter, _ r: ResolvedParameters) -> Bool {
        if case .flag(let b)? = r.value(p) { return b }
        return false
    }

    private func name(_ p: SuiteParameter, _ r: ResolvedParameters) -> String {
        switch r.value(p) {
        case .algorithm(let a)?: return a.rawValue
        case .precision(let x)?: return x.rawValue
        case .scaling(let s)?: return s.rawValue
        default: return ""
        }
    }

    private func seed(_ r: ResolvedParameters) -> UInt64 {
        if case .seed(let s)? = r.value(.seed) { return s }
        return 42
    }

    private func implementation(_ r: ResolvedParameters) -> String {
        if case .implementation(let name)? = r.value(.implementation) { return name }
        return CaseParameters.builtInImplementation
    }

    private func distribution(_ r: ResolvedParameters) -> InputDistribution {
        if case .distribution(let d)? = r.value(.distribution) { return d }
        return .standard
    }

    private static func size(_ v: ParameterValue) -> Int? {
        if case .size(let bytes) = v { return bytes }
        return nil
    }

    private static func profileName(_ v: ParameterValue) -> String? {
        if case .profile(let name) = v { return name }
        return nil
    }

    private static func tile(_ v: ParameterValue) -> TileSize? {
        if case .tile(let t) = v { return t }
        return nil
    }
}

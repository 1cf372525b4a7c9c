import AttentionKernels
import Foundation

/// Measures the `host` hardware profile: single-core FMA peak, single-core memory
/// bandwidth (a STREAM-style triad) and the per-core L2 size as "SRAM". The result is
/// cached with a timestamp (`~/.cache/attnbench/host-profile.json`, or
/// `$ATTNBENCH_CACHE_DIR`) and re-measured after a week or on another CPU. Only release
/// builds write or trust the cache: a debug build's loops run far below the hardware's peak.
public enum HostProfiler {
    public struct Cached: Codable {
        public var measuredAt: String
        public var cpuModel: String
        public var profile: HardwareProfile
        /// `release` or `debug`: the build that measured it (absent in older caches, which are not trusted).
        public var build: String?
    }

    static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    static var cacheURL: URL {
        let dir =
            ProcessInfo.processInfo.environment["ATTNBENCH_CACHE_DIR"]
            .map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attnbench")
        return dir.appendingPathComponent("host-profile.json")
    }

    /// The cached profile when fresh, else a new measurement (about half a second).
    ///
    /// Both figures are ceilings, and a busy machine can only lower what the loops reach, so
    /// a new measurement keeps the higher of it and the fresh cache's figure (same CPU model,
    /// within the week): one measurement taken under load does not halve every "% of peak"
    /// for a week.
    public static func profile(remeasure: Bool = false) -> (profile: HardwareProfile, measuredAt: String, cached: Bool)
    {
        let previous = cachedProfile()
        if !remeasure, let previous { return (previous.profile, previous.measuredAt, true) }
        let profile = ceilings(measure(), previous?.profile)
        let stamp = ISO8601DateFormatter().string(from: Date())
        let cached = Cached(
            measuredAt: stamp, cpuModel: SystemInfo.cpuModel(), profile: profile, build: buildConfiguration)
        if buildConfiguration == "release", let data = try? JSONEncoder().encode(cached) {
            // A cache: a failure to write it costs a re-measurement, nothing else.
            try? AtomicFile.createDirectory(cacheURL.deletingLastPathComponent())
            try? AtomicFile.write(data, to: cacheURL)
        }
        return (profile, stamp, false)
    }

    /// `measured` with its peak and bandwidth raised to `previous`'s where those are higher.
    static func ceilings(_ measured: HardwareProfile, _ previous: HardwareProfile?) -> HardwareProfile {
        guard let previous else { return measured }
        var profile = measured
        profile.peakFP32 = max(measured.peakFP32, previous.peakFP32)
        profile.bandwidth = max(measured.bandwidth, previous.bandwidth)
        return profile
    }

    /// The cached profile when a release build measured it on this CPU model within a week.
    public static func cachedProfile() -> Cached? {
        guard let data = try? InputFile.readAll(cacheURL.path, limit: 1 << 20, what: "host profile cache"),
            let cached = try? JSONDecoder().decode(Cached.self, from: data),
            cached.cpuModel == SystemInfo.cpuModel(), cached.build == "release",
            let when = ISO8601DateFormatter().date(from: cached.measuredAt), Date().timeIntervalSince(when) < 7 * 86400
        else { return nil }
        return cached
    }

    /// Runs the bandwidth and FMA tests now.
    public static func measure() -> HardwareProfile {
        let l2 = SystemInfo.cacheSizes()["L2"] ?? (1 << 20)
        let bw = triadBandwidth()
        let peak = fmaPeak()
        return HardwareProfile(
            name: "host", sramBytes: l2, bandwidth: bw, peakFP32: peak, peakFP8: nil,
            source:
                "measured on \(SystemInfo.cpuModel()): one-core STREAM-style triad and SIMD FMA loop; SRAM = per-core L2"
        )
    }

    /// Best of 5 triads a[i] = b[i] + s·c[i] over 3 × 32 MiB float arrays; 12 bytes per element
    /// (write-allocate traffic not counted, as STREAM reports).
    static func triadBandwidth() -> Double {
        let n = 8 << 20
        var a = [Float](repeating: 0, count: n)
        let b = [Float](repeating: 1, count: n), c = [Float](repeating: 2, count: n)
        var best = Double.infinity
        for _ in 0..<5 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeMutableBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeBufferPointer { cp in
                        for i in 0..<n { ap[i] = bp[i] + 3 * cp[i] }
                    }
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0))
        }
        return a[n / 2] == 7 ? Double(12 * n) / (best / 1e9) : 0
    }

    /// Best of 5 runs of 12 independent SIMD16 FMA chains (enough to cover FMA latency),
    /// kept in registers: locals, not an array (an array of vectors makes the compiler
    /// shuffle halves in and out on every iteration and read ~35 % low).
    static func fmaPeak() -> Double {
        let iterations = 4_000_000
        var best = Double.infinity
        var sink: Float = 0
        for _ in 0..<5 {
            let m = SIMD16<Float>(repeating: 0.999_999), a = SIMD16<Float>(repeating: 1e-7)
            var x0 = SIMD16<Float>(repeating: 1), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0
            var x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations {
                x0 = a.addingProduct(x0, m); x1 = a.addingProduct(x1, m); x2 = a.addingProduct(x2, m)
                x3 = a.addingProduct(x3, m); x4 = a.addingProduct(x4, m); x5 = a.addingProduct(x5, m)
                x6 = a.addingProduct(x6, m); x7 = a.addingProduct(x7, m); x8 = a.addingProduct(x8, m)
                x9 = a.addingProduct(x9, m); x10 = a.addingProduct(x10, m); x11 = a.addingProduct(x11, m)
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0))
            sink += (x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11).sum()
        }
        let flops = Double(iterations * 12 * 16 * 2)
        return sink.isNaN ? 0 : flops / (best / 1e9)
    }
}

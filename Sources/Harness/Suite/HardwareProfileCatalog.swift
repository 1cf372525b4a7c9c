import AttentionKernels
import Foundation

/// Names the hardware profiles a suite's `profile` parameter may use, and the SRAM
/// capacity each one gives a case.
///
/// The suite layer needs only the SRAM size; the memory model (bandwidth, peak FLOP/s)
/// lives with the profiles themselves. Injecting the catalog into `SuiteLoader` lets
/// that work supply its full profiles without the suite layer changing.
public protocol HardwareProfileCatalog: Sendable {
    /// Every valid profile name, lowercase, in the order messages list them.
    var profileNames: [String] { get }
    /// SRAM per streaming multiprocessor (or per core for `host`), in bytes; nil for an unknown name.
    func sramBytes(forProfile name: String) -> Int?
}

/// A catalog from a plain name → SRAM bytes table.
///
/// `standard` holds the public spec-sheet figures of configurable shared memory per SM:
/// A100 192 KiB (combined L1/shared), H100 and H200 228 KiB (Hopper's maximum shared
/// memory per SM). `host` is this machine's per-core L2 cache (read from Linux sysfs;
/// 1 MiB when unavailable), the CPU level the tiled kernels are sized for.
public struct SRAMProfileTable: HardwareProfileCatalog {
    public var sramBytesByName: [String: Int]

    public init(_ sramBytesByName: [String: Int]) {
        self.sramBytesByName = Dictionary(uniqueKeysWithValues: sramBytesByName.map { ($0.key.lowercased(), $0.value) })
    }

    public var profileNames: [String] { sramBytesByName.keys.sorted() }

    public func sramBytes(forProfile name: String) -> Int? {
        sramBytesByName[name.lowercased()]
    }

    /// a100, h100, h200 and host.
    public static let standard = SRAMProfileTable([
        "a100": 192 * 1024,
        "h100": 228 * 1024,
        "h200": 228 * 1024,
        "host": hostL2Bytes() ?? 1 << 20
    ])

    /// Per-core L2 size of CPU 0 from `/sys/devices/system/cpu/cpu0/cache`, if the
    /// platform exposes it.
    static func hostL2Bytes() -> Int? {
        let base = "/sys/devices/system/cpu/cpu0/cache"
        for index in 0..<8 {
            let dir = "\(base)/index\(index)"
            guard let level = try? String(contentsOfFile: dir + "/level", encoding: .utf8),
                level.trimmingCharacters(in: .whitespacesAndNewlines) == "2",
                let size = try? String(contentsOfFile: dir + "/size", encoding: .utf8)
            else { continue }
            return SRAMBudget.parseSize(size.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return nil
    }
}

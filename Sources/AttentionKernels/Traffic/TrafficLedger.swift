/// The arrays between which a kernel moves tiles. "HBM" is the kernel's main-memory
/// arrays; tiles are copied (or streamed) into explicit tile buffers ("SRAM").
/// `oPartial` is flash-decoding's per-split partial O, written by the split units and
/// read back by the merge (its partial m and ℓ count as `stats`).
public enum TrafficOperand: Int, CaseIterable, Sendable, Codable {
    case q, k, v, s, p, o, stats, scales, oPartial

    public var name: String {
        switch self {
        case .q: return "Q"
        case .k: return "K"
        case .v: return "V"
        case .s: return "S"
        case .p: return "P"
        case .o: return "O"
        case .stats: return "m,l"
        case .scales: return "scales"
        case .oPartial: return "O partial"
        }
    }
}

/// Something that accepts tile-granularity traffic records. Kernels are generic over it
/// so that recording can be switched off at zero cost (`NoTraffic`).
public protocol TrafficRecorder {
    init()
    /// Adds another worker's records.
    mutating func absorb(_ other: Self)
    mutating func read(_ operand: TrafficOperand, _ bytes: Int)
    mutating func write(_ operand: TrafficOperand, _ bytes: Int)
    mutating func executed(flops: Int)
}

/// Discards everything; used to time kernels without the ledger.
public struct NoTraffic: TrafficRecorder {
    public init() {}
    @inline(__always) public mutating func absorb(_ other: NoTraffic) {}
    @inline(__always) public mutating func read(_ operand: TrafficOperand, _ bytes: Int) {}
    @inline(__always) public mutating func write(_ operand: TrafficOperand, _ bytes: Int) {}
    @inline(__always) public mutating func executed(flops: Int) {}
}

/// Bytes moved between HBM and SRAM per operand, SRAM high-water mark and FLOPs, for
/// the work a kernel actually executed (or, from `AttentionPlan.modeledTraffic`, would
/// execute). Recorded a tile at a time, never per element.
public struct TrafficLedger: TrafficRecorder, Equatable, Sendable, Codable {
    /// Bytes read from HBM, indexed by `TrafficOperand.rawValue`.
    public var readBytes: [Int]
    /// Bytes written to HBM, indexed by `TrafficOperand.rawValue`.
    public var writeBytes: [Int]
    /// Largest SRAM working set in bytes (tile buffers the kernel holds at once).
    public var sramPeakBytes: Int
    /// Nominal FLOPs: 4·Nq·Nk·D per head, half when causal.
    public var flops: Int
    /// FLOPs of the tiles the loops actually computed (masked tiles skipped by fused
    /// kernels are not counted; materialized kernels compute every score).
    public var executedFlops: Int

    public init() {
        readBytes = Array(repeating: 0, count: TrafficOperand.allCases.count)
        writeBytes = Array(repeating: 0, count: TrafficOperand.allCases.count)
        sramPeakBytes = 0
        flops = 0
        executedFlops = 0
    }

    @inline(__always) public mutating func read(_ operand: TrafficOperand, _ bytes: Int) {
        readBytes[operand.rawValue] &+= bytes
    }

    @inline(__always) public mutating func write(_ operand: TrafficOperand, _ bytes: Int) {
        writeBytes[operand.rawValue] &+= bytes
    }

    @inline(__always) public mutating func executed(flops: Int) {
        executedFlops &+= flops
    }

    public var hbmReadBytes: Int { readBytes.reduce(0, +) }
    public var hbmWriteBytes: Int { writeBytes.reduce(0, +) }
    public var hbmBytes: Int { hbmReadBytes + hbmWriteBytes }

    public func readBytes(_ operand: TrafficOperand) -> Int { readBytes[operand.rawValue] }
    public func writeBytes(_ operand: TrafficOperand) -> Int { writeBytes[operand.rawValue] }

    /// Non-zero read bytes by operand name (`Q`, `K`, …), as reports show them.
    public var readsByOperandName: [String: Int] { byName(readBytes) }

    /// Non-zero write bytes by operand name.
    public var writesByOperandName: [String: Int] { byName(writeBytes) }

    private func byName(_ bytes: [Int]) -> [String: Int] {
        var out: [String: Int] = [:]
        for op in TrafficOperand.allCases where bytes[op.rawValue] > 0 { out[op.name] = bytes[op.rawValue] }
        return out
    }

    /// Nominal FLOPs per HBM byte.
    public var arithmeticIntensity: Double {
        hbmBytes > 0 ? Double(flops) / Double(hbmBytes) : 0
    }

    /// Adds another ledger's traffic and FLOPs; the SRAM peak is the larger of the two
    /// (work units run one after another in one set of buffers per worker).
    public mutating func absorb(_ other: TrafficLedger) {
        for i in readBytes.indices {
            readBytes[i] &+= other.readBytes[i]
            writeBytes[i] &+= other.writeBytes[i]
        }
        sramPeakBytes = max(sramPeakBytes, other.sramPeakBytes)
        flops &+= other.flops
        executedFlops &+= other.executedFlops
    }

    /// This ledger's traffic and FLOPs repeated `n` times (identical work units).
    public func repeated(_ n: Int) -> TrafficLedger {
        var r = self
        for i in r.readBytes.indices {
            r.readBytes[i] = readBytes[i] * n
            r.writeBytes[i] = writeBytes[i] * n
        }
        r.flops = flops * n
        r.executedFlops = executedFlops * n
        return r
    }
}

/// 64-byte aligned float buffer owned by a workspace; freed with it.
final class AlignedBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * 4, alignment: 64)
        pointer = raw.initializeMemory(as: Float.self, repeating: 0, count: max(1, count))
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }
}

/// One worker's tile buffers — the kernel's "SRAM".
final class WorkerBuffers {
    /// Q tile transposed: D × brPad.
    let qT: AlignedBuffer
    /// S/P tile: key-major bc × brPad, or row-major brPad × bcPad (keys along lanes).
    let sT: AlignedBuffer
    /// O accumulator: brPad × D.
    let oAcc: AlignedBuffer
    /// Running max, running sum and rescale factors per query row: brPad each.
    let m: AlignedBuffer, l: AlignedBuffer, alpha: AlignedBuffer

    init(dim: Int, brPad: Int, bc: Int) {
        qT = AlignedBuffer(count: dim * brPad)
        sT = AlignedBuffer(count: roundUp(bc, 16) * brPad)
        oAcc = AlignedBuffer(count: brPad * dim)
        m = AlignedBuffer(count: brPad)
        l = AlignedBuffer(count: brPad)
        alpha = AlignedBuffer(count: brPad)
    }
}

/// Main-memory ("HBM") scratch arrays some algorithms need besides Q, K, V and O:
/// the materialized S and P of one head (three-pass, online), the per-row m and l of
/// every head (flash-v1), and flash-decoding's per-split partial O, m and l.
final class ScratchArrays {
    let s: AlignedBuffer?
    let p: AlignedBuffer?
    let m: AlignedBuffer?
    let l: AlignedBuffer?
    let oPartial: AlignedBuffer?

    init(s: Int, p: Int, stats: Int, oPartial: Int) {
        self.s = s > 0 ? AlignedBuffer(count: s) : nil
        self.p = p > 0 ? AlignedBuffer(count: p) : nil
        self.m = stats > 0 ? AlignedBuffer(count: stats) : nil
        self.l = stats > 0 ? AlignedBuffer(count: stats) : nil
        self.oPartial = oPartial > 0 ? AlignedBuffer(count: oPartial) : nil
    }
}

/// Buffers of a plan, allocated on first execution and reused by every later call, so
/// that planning (validate, list, model) costs no memory and timed calls allocate nothing.
final class WorkspacePool {
    private(set) var workers: [WorkerBuffers] = []
    private(set) var scratch: ScratchArrays?

    func prepare(workers count: Int, dim: Int, brPad: Int, bc: Int, s: Int, p: Int, stats: Int, oPartial: Int) {
        if workers.count < count {
            workers += (workers.count..<count).map { _ in WorkerBuffers(dim: dim, brPad: brPad, bc: bc) }
        }
        if scratch == nil {
            scratch = ScratchArrays(s: s, p: p, stats: stats, oPartial: oPartial)
        }
    }
}

import AttentionKernels
import Counters

extension CaseRecord {
    /// The record of a sampled case: statistics per metric, the kernel's ledger,
    /// accuracy, derived metrics and process resources.
    init(finished e: CaseExecution, of c: SuiteCase, counterNames: [String]) {
        var stats: [String: Summary] = [:]
        stats["wall_ns"] = Summary(samples: e.samples.map { Double($0.wallNs) })
        stats["cpu_ns"] = Summary(samples: e.samples.map { Double($0.cpuNs) })
        for name in counterNames {
            let values = e.samples.compactMap { $0.counters[name] }.map(Double.init)
            if values.count == e.samples.count, !values.isEmpty { stats[name] = Summary(samples: values) }
        }
        let l = e.ledger
        let traffic = TrafficSummary(
            hbmReadBytes: l.hbmReadBytes, hbmWriteBytes: l.hbmWriteBytes, sramPeakBytes: l.sramPeakBytes,
            flops: l.flops, executedFlops: l.executedFlops,
            kvCacheBytes: c.shape.kvCacheBytes(elementBytes: c.options.precision.elementBytes),
            readsByOperand: l.readsByOperandName, writesByOperand: l.writesByOperandName)
        let derived = DerivedMetrics(statistics: stats, traffic: traffic, flops: l.flops, simulation: nil)
        var resources: ResourceUsage?
        if let b = e.before, let a = e.after {
            let d = a.delta(since: b)
            resources = ResourceUsage(
                peakRSSBytes: Int(d.peakRSSBytes), pageFaults: Int(d.pageFaults),
                voluntaryContextSwitches: Int(d.voluntaryContextSwitches),
                involuntaryContextSwitches: Int(d.involuntaryContextSwitches))
        }
        let m = e.accuracy
        self.init(
            id: c.id, parameters: c.parameters, layout: c.layout.name, status: .ok, samples: e.samples,
            statistics: stats, traffic: traffic,
            accuracy: Accuracy(maxAbsError: m.maxAbsError, rmse: m.rmse, relativeFrobenius: m.relativeFrobenius),
            derived: derived, resources: resources)
    }
}

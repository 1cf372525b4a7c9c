import AttentionKernels
import Foundation
import Harness

/// Writes a run's files into its run directory: run.json, results.csv, report.md and
/// the charts (SVG) report.md embeds. Every file is written atomically.
///
/// ```swift
/// try ReportWriter.write(run, to: runDirectory)                      // after a run
/// try ReportWriter.regenerate(runDirectory: URL(fileURLWithPath: dir)) // `attnbench report RUN_DIR`
/// ```
public enum ReportWriter {
    /// Writes every file for `run` into `directory` (created if needed) and returns the
    /// URLs written. `includeRunJSON: false` leaves run.json alone (it is the source when
    /// regenerating reports). `rooflineProfiles` adds dashed comparison roofs (A100, H100,
    /// H200) to the roofline.
    @discardableResult
    public static func write(
        _ run: RunRecord, to directory: URL, includeRunJSON: Bool = true,
        rooflineProfiles: [HardwareProfile] = [], reference: String? = nil
    ) throws -> [URL] {
        try AtomicFile.createDirectory(directory)
        var written: [URL] = []
        if includeRunJSON { written.append(try RunRecordStore.write(run, toDirectory: directory)) }
        let charts = RunCharts.charts(for: run, rooflineProfiles: rooflineProfiles, reference: reference)
        let renderers: [ReportRenderer] = [CSVRenderer(), MarkdownRenderer(chartFiles: charts, reference: reference)]
        for renderer in renderers {
            let url = directory.appendingPathComponent(renderer.fileName)
            try AtomicFile.write(try renderer.render(run), to: url)
            written.append(url)
        }
        for chart in charts {
            let url = directory.appendingPathComponent(chart.name)
            try AtomicFile.write(chart.svg, to: url)
            written.append(url)
        }
        return written
    }

    /// The files of a run `write` would replace that already exist in `directory`
    /// (run.json, results.csv, report.md): commands that must not replace a run check it.
    public static func existingRunFiles(in directory: URL) -> [String] {
        [RunRecordStore.fileName, CSVRenderer().fileName, MarkdownRenderer(chartFiles: []).fileName].filter {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
        }
    }

    /// Reads `runDirectory/run.json` (or a run.json path) and rewrites results.csv,
    /// report.md and the charts next to it. Returns the run and the URLs written.
    /// `reference` overrides the suite's reference implementation for this report.
    @discardableResult
    public static func regenerate(runDirectory: URL, rooflineProfiles: [HardwareProfile] = [], reference: String? = nil)
        throws -> (run: RunRecord, files: [URL])
    {
        let run = try RunRecordStore.load(from: runDirectory)
        let directory = RunRecordStore.recordURL(for: runDirectory).deletingLastPathComponent()
        return (
            run,
            try write(
                run, to: directory, includeRunJSON: false, rooflineProfiles: rooflineProfiles,
                reference: reference)
        )
    }
}

import Foundation
import Harness

/// Turns a comparison into one output format (Markdown, CSV, JSON), one renderer per
/// file, like `ReportRenderer` for runs.
public protocol ComparisonRenderer {
    /// Default file name, e.g. `comparison.md`.
    var fileName: String { get }
    func render(_ comparison: Comparison) throws -> String
}

/// The formats `attnbench compare --format` accepts.
public enum ComparisonFormat: String, CaseIterable, Sendable {
    case md, csv, json

    /// The renderer for this format.
    public var renderer: ComparisonRenderer {
        switch self {
        case .md: return ComparisonMarkdownRenderer()
        case .csv: return ComparisonCSVRenderer()
        case .json: return ComparisonJSONRenderer()
        }
    }
}

/// Writes a comparison's files (comparison.md, .csv, .json and the chart) into a directory.
public enum ComparisonWriter {
    /// Writes every format plus `comparison.svg`; returns the URLs written.
    @discardableResult
    public static func write(_ comparison: Comparison, to directory: URL) throws -> [URL] {
        try AtomicFile.createDirectory(directory)
        var written: [URL] = []
        for format in ComparisonFormat.allCases {
            let renderer = format.renderer
            let url = directory.appendingPathComponent(renderer.fileName)
            try AtomicFile.write(try renderer.render(comparison), to: url)
            written.append(url)
        }
        if let chart = ComparisonChart.chart(comparison) {
            let url = directory.appendingPathComponent(chart.name)
            try AtomicFile.write(chart.svg, to: url)
            written.append(url)
        }
        return written
    }
}

extension Comparison {
    /// Cases in reading order: failing ones first (regressions, failed checks), then by
    /// verdict (inconclusive, faster, missing, new, unchanged), keeping run order within.
    public var casesByAttention: [CaseComparison] {
        cases.enumerated().sorted { a, b in
            let fa = a.element.fails(timingGated: true), fb = b.element.fails(timingGated: true)
            if fa != fb { return fa }
            if a.element.verdict.sortRank != b.element.verdict.sortRank {
                return a.element.verdict.sortRank < b.element.verdict.sortRank
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}

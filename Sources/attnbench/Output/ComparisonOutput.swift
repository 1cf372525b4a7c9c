import Foundation
import Reports

/// Where `compare` and `ab` put a comparison: the chosen format on stdout, the Markdown on
/// `$GITHUB_STEP_SUMMARY` (GitHub Actions) and, with a directory, every format's file and
/// the chart.
enum ComparisonOutput {
    /// Prints `comparison` as `format` (Markdown with the chart link when `directory` is
    /// set), appends it to the step summary, writes the files into `directory`.
    static func emit(_ comparison: Comparison, format: ComparisonFormat, directory: URL?) throws {
        let text = try format == .md ? ComparisonMarkdownRenderer(includeChart: directory != nil).render(comparison)
                                     : format.renderer.render(comparison)
        print(text)
        if let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty {
            let md = try ComparisonMarkdownRenderer(includeChart: false).render(comparison)
            append(md + "\n", to: summary)
        }
        if let directory {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            _ = try ComparisonWriter.write(comparison, to: directory)
        }
    }

    static func append(_ text: String, to path: String) {
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            handle.closeFile()
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        }
    }
}

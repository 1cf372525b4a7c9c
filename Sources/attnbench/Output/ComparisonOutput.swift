import Foundation
import Harness
import Reports

/// Where `compare` and `ab` put a comparison: the chosen format on stdout, the Markdown on
/// `$GITHUB_STEP_SUMMARY` (GitHub Actions) and, with a directory, every format's file and
/// the chart.
enum ComparisonOutput {
    /// Prints `comparison` as `format` (Markdown with the chart link when `directory` is
    /// set), appends it to the step summary, writes the files into `directory` (a failure
    /// there is bad input naming `option`).
    static func emit(_ comparison: Comparison, format: ComparisonFormat, directory: URL?, option: String = "--out")
        throws
    {
        let text =
            try format == .md
            ? ComparisonMarkdownRenderer(includeChart: directory != nil).render(comparison)
            : format.renderer.render(comparison)
        print(text)
        if let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty {
            // The gate's result matters more than its summary: a failed append is a warning.
            do {
                let md = try ComparisonMarkdownRenderer(includeChart: false).render(comparison)
                try AppendFile.append(Data((md + "\n").utf8), to: summary)
            } catch {
                CLIError.printToStderr("warning: GITHUB_STEP_SUMMARY: \(error); the comparison's exit status stands")
            }
        }
        if let directory {
            do {
                _ = try ComparisonWriter.write(comparison, to: directory)
            } catch {
                throw CLIError.writeFailed(option, error)
            }
        }
    }
}

import Foundation

/// Finds the attnbench checkout the running binary belongs to, where the shipped
/// providers (`providers/*.py`) and `make providers`' `.venv` live: the first directory
/// holding `providers/numpy_reference.py` above the executable, else above the current
/// directory.
public enum ProjectLocator {
    /// The marker file that identifies the project root.
    static let marker = "providers/numpy_reference.py"

    public static func root(currentDirectory: String = FileManager.default.currentDirectoryPath) -> URL? {
        var starts: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        starts.append(URL(fileURLWithPath: currentDirectory))
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                if FileManager.default.fileExists(atPath: dir.appendingPathComponent(marker).path) { return dir }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return nil
    }
}

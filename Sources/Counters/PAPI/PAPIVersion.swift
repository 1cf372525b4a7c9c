import CPAPI

/// PAPI's version, for the run record and the `counters` command.
public enum PAPIVersion {
    /// The version of the PAPI library in use, e.g. "7.0.0.0"; nil when PAPI cannot be
    /// initialised (the record then shows why, through the session's reason).
    public static var current: String? {
        guard PAPILibrary.initialisationFailure == nil else { return nil }
        let version = cpapi_library_version()
        return version > 0 ? format(version) : nil
    }

    /// The version of the `papi.h` Counters was compiled against, e.g. "7.0.0.0".
    public static var compiledAgainst: String { format(cpapi_header_version()) }

    /// "major.minor.revision.increment" of a packed PAPI version number.
    static func format(_ version: Int32) -> String {
        [
            cpapi_version_major(version), cpapi_version_minor(version),
            cpapi_version_revision(version), cpapi_version_increment(version)
        ]
        .map(String.init).joined(separator: ".")
    }
}

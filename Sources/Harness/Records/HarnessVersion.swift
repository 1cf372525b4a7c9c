/// attnbench's own version, recorded in every run.
public enum HarnessVersion {
    public static let current = "0.1.0"
}

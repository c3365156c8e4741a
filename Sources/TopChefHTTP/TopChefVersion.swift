/// The version of this TopChef build: what `GET /` reports as `version` and `topchef --version` prints.
///
/// Semantic versioning: 1.x keeps the HTTP contract of TOPCHEF-API.md, which the original's real clients
/// depend on, and the event log's format (or reads older formats).
public enum TopChefVersion {
    /// The version string, e.g. `1.0.0`.
    public static let current = "1.0.0"
}

import Foundation
import TopChefCore

extension SQLiteSnapshotWriter {
    /// The name of a service's view with a column per leaf: `jobs_<slug>_<id>`, the slug of its name
    /// (``CSVSnapshotWriter/slug(_:)``, `-` made `_`) and the 32 hex digits of its id, without dashes.
    ///
    /// The whole id, because nothing shorter is sure to tell services apart: names are not unique, and ids
    /// are time-ordered (their first 48 bits are milliseconds), so ids minted within about 65 s share their
    /// first eight hex digits, which is what the names once ended with. The id is the last 32 characters,
    /// after a `_`, so two services have the same name only if they have the same id, SQLite's comparison of
    /// names ignoring ASCII case included (everything here is lower case). A shortened id with a fallback
    /// on collisions would make a name depend on the other services in the snapshot, so that the same
    /// service could be named differently in an export at another point or of one service alone.
    ///
    /// ASCII letters, digits and `_`, starting with a letter: an identifier that needs no quotes in queries.
    static func viewName(of service: ServiceRecord) -> String {
        let slug = CSVSnapshotWriter.slug(service.name).replacingOccurrences(of: "-", with: "_")
        let hex = service.id.lowercasedString.filter { $0 != "-" }
        return "jobs_\(slug)_\(hex)"
    }
}

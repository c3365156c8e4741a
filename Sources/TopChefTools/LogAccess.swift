public import EventStore

/// Opens logs the way every tool does: read-only, so that a running server is undisturbed and nothing is
/// ever written to the log.
public enum LogAccess {
    /// Opens the log in `directory` read-only.
    /// - Throws: ``ToolError`` of kind `notALog` for a missing directory, something that is not a TopChef
    ///   log or a newer format, `damagedLog` when its last event does not check out.
    public static func openReadOnly(_ directory: String) throws(ToolError) -> LMDBEventStore {
        do {
            return try LMDBEventStore(path: directory, options: .init(readOnly: true))
        } catch {
            throw ToolError(error)
        }
    }
}

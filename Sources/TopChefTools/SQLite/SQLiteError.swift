internal import CSQLite

/// An error reported by SQLite: its result code, its message and the operation that failed.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite's result code.
    public let code: Int32
    /// SQLite's message.
    public let message: String
    /// What was being done.
    public let operation: String

    public var description: String { "\(operation) failed: \(message) (SQLite code \(code))" }
}

/// The one place where SQLite result codes become Swift errors.
func check(_ code: Int32, _ handle: OpaquePointer?, _ operation: @autoclosure () -> String) throws(SQLiteError) {
    guard code != SQLITE_OK, code != SQLITE_ROW, code != SQLITE_DONE else { return }
    let message =
        handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
    throw SQLiteError(code: code, message: message, operation: operation())
}

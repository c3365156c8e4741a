internal import CSQLite

/// An open SQLite database: a thin wrapper for writing exports and reading them back in tests.
/// No C type is public. Not thread-safe: use one from one thread at a time.
public final class SQLiteDatabase {
    let handle: OpaquePointer
    /// Until ``close()``.
    private var isOpen = true

    /// Opens (creating when `create`) the database file at `path`; read-only when `readOnly`. The
    /// connection takes no locks of its own (`SQLITE_OPEN_NOMUTEX`): it is used from one thread at a time.
    /// With `uri`, a `path` starting with `file:` is a URI (e.g. `file:name?vfs=memdb`, a database in memory,
    /// one contiguous image: ``inMemoryImage(_:)``), and so are the names this connection `ATTACH`es.
    public init(path: String, readOnly: Bool = false, create: Bool = true, uri: Bool = false) throws(SQLiteError) {
        _ = Self.configureOnce
        var db: OpaquePointer?
        var flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        if uri { flags |= SQLITE_OPEN_URI }
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let error = SQLiteError(
                code: code, message: db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory",
                operation: "opening \(path)")
            sqlite3_close_v2(db)
            throw error
        }
        handle = db
    }

    deinit {
        if isOpen { sqlite3_close_v2(handle) }
    }

    /// Closes the connection now rather than when released, so that the file is no longer in its hands;
    /// every statement must have been released first (SQLite reports `SQLITE_BUSY` otherwise).
    public func close() throws(SQLiteError) {
        guard isOpen else { return }
        try check(sqlite3_close(handle), handle, "closing the database")
        isOpen = false
    }

    /// The bytes of the database `schema` (`main`, or an attached one's name) where they lie, for a database
    /// in memory (`memdb`); nil for a file. Valid until the database changes or closes.
    func inMemoryImage(_ schema: String = "main") -> UnsafeRawBufferPointer? {
        var size: sqlite3_int64 = 0
        guard let bytes = sqlite3_serialize(handle, schema, &size, UInt32(SQLITE_SERIALIZE_NOCOPY)) else {
            return nil
        }
        return UnsafeRawBufferPointer(start: bytes, count: Int(size))
    }

    /// The root page of each table or index named, from `sqlite_schema`.
    func rootPages(_ names: [String]) throws(SQLiteError) -> [UInt32] {
        let statement = try prepare("SELECT rootpage FROM sqlite_schema WHERE name = ?1")
        var roots: [UInt32] = []
        for name in names {
            try statement.bind(1, name)
            guard try statement.step(), let root = statement.value(at: 0).integer, root > 0 else {
                throw SQLiteError(
                    code: SQLITE_ERROR, message: "no table or index \(name)", operation: "finding root pages")
            }
            roots.append(UInt32(root))
            statement.reset()
        }
        return roots
    }

    /// Process-wide settings made before the first database is opened: no memory statistics (they cost a
    /// global mutex per allocation, and nothing here reads them).
    private static let configureOnce: Void = {
        _ = topchef_sqlite3_disable_memory_statistics()
    }()

    /// Lets an in-memory (`memdb`) database grow to `bytes` (SQLite's default limit is 1 GiB).
    public func setSizeLimit(_ bytes: Int64) throws(SQLiteError) {
        var limit = bytes
        try check(
            sqlite3_file_control(handle, "main", SQLITE_FCNTL_SIZE_LIMIT, &limit), handle, "setting the size limit")
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), handle, "executing \(sql.prefix(60))")
    }

    /// Compiles `sql` into a statement.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), handle, "preparing \(sql.prefix(60))")
        return SQLiteStatement(handle: statement!, database: self)
    }

    /// Every row `sql` returns, each as its columns' values.
    public func query(_ sql: String) throws(SQLiteError) -> [[SQLiteValue]] {
        let statement = try prepare(sql)
        var rows: [[SQLiteValue]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.value(at: $0) })
        }
        return rows
    }
}

/// A value read from SQLite.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The text, or nil for other values.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The integer, or nil for other values.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

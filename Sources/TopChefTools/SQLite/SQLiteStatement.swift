internal import CSQLite

/// A compiled statement. Bind parameters (numbered from 1), ``step()``, then ``reset()`` to run it again.
public final class SQLiteStatement {
    let handle: OpaquePointer
    let database: SQLiteDatabase

    init(handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds text (copied by SQLite) to parameter `index`.
    public func bind(_ index: Int32, _ text: String) throws(SQLiteError) {
        let code = text.withCString { sqlite3_bind_text(handle, index, $0, -1, transientDestructor) }
        try check(code, database.handle, "binding parameter \(index)")
    }

    /// Binds UTF-8 bytes as text to parameter `index`, or NULL when nil.
    public func bind(_ index: Int32, utf8 bytes: [UInt8]?) throws(SQLiteError) {
        guard let bytes else { return try bindNull(index) }
        let code = bytes.withUnsafeBufferPointer { buffer in
            sqlite3_bind_text(
                handle, index,
                UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    .assumingMemoryBound(to: CChar.self), Int32(buffer.count), transientDestructor)
        }
        try check(code, database.handle, "binding parameter \(index)")
    }

    /// Binds UTF-8 bytes as text to parameter `index`.
    public func bind(_ index: Int32, utf8 bytes: ArraySlice<UInt8>) throws(SQLiteError) {
        let code = bytes.withUnsafeBufferPointer { buffer in
            sqlite3_bind_text(
                handle, index,
                UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    .assumingMemoryBound(to: CChar.self), Int32(buffer.count), transientDestructor)
        }
        try check(code, database.handle, "binding parameter \(index)")
    }

    /// Binds UTF-8 bytes as text to parameter `index` without copying them (`SQLITE_STATIC`): the bytes must
    /// stay where they are until the statement has run (``run()``) and been rebound.
    public func bind(_ index: Int32, unsafeUTF8 bytes: UnsafeRawBufferPointer) throws(SQLiteError) {
        let code = sqlite3_bind_text(
            handle, index, (bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self),
            Int32(bytes.count), staticDestructor)
        try check(code, database.handle, "binding parameter \(index)")
    }

    /// As ``bind(_:unsafeUTF8:)``, or NULL when nil.
    public func bind(_ index: Int32, unsafeUTF8 bytes: UnsafeRawBufferPointer?) throws(SQLiteError) {
        if let bytes { try bind(index, unsafeUTF8: bytes) } else { try bindNull(index) }
    }

    /// Binds an integer to parameter `index`.
    public func bind(_ index: Int32, _ value: Int64) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, index, value), database.handle, "binding parameter \(index)")
    }

    /// Binds text to parameter `index`, or NULL when nil.
    public func bind(_ index: Int32, _ text: String?) throws(SQLiteError) {
        if let text { try bind(index, text) } else { try bindNull(index) }
    }

    /// Binds NULL to parameter `index`.
    public func bindNull(_ index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, index), database.handle, "binding parameter \(index)")
    }

    /// Runs the statement one step: `true` when a row is available, `false` when it is done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        try check(code, database.handle, "running \(String(cString: sqlite3_sql(handle)).prefix(60))")
        return false
    }

    /// Makes the statement ready to run again (bindings are kept until rebound).
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Runs the statement to completion and resets it: for inserts.
    public func run() throws(SQLiteError) {
        defer { reset() }
        while try step() {}
    }

    /// The number of columns of a row.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The value of column `index` of the current row.
    public func value(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let blob = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default: return .null
        }
    }
}

/// `SQLITE_STATIC`: SQLite uses the bound bytes where they are.
private let staticDestructor: sqlite3_destructor_type? = nil

/// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the call returns.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

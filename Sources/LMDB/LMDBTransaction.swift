internal import CLMDB

/// A transaction, valid only inside the closure passed to ``LMDBEnvironment/write(_:)`` or
/// ``LMDBEnvironment/read(_:)``. Buffers it hands out are valid only until that closure returns:
/// copy what you keep.
public final class LMDBTransaction {
    let handle: OpaquePointer
    /// `true` for a read-only transaction.
    public let isReadOnly: Bool
    private var isFinished = false

    init(environment: LMDBEnvironment, readOnly: Bool) throws(LMDBError) {
        var txn: OpaquePointer?
        let flags = readOnly ? UInt32(MDB_RDONLY) : 0
        try check(mdb_txn_begin(environment.handle, nil, flags, &txn), "mdb_txn_begin")
        self.handle = txn!
        self.isReadOnly = readOnly
    }

    func commit() throws(LMDBError) {
        isFinished = true
        try check(mdb_txn_commit(handle), "mdb_txn_commit")
    }

    func abort() {
        guard !isFinished else { return }
        isFinished = true
        mdb_txn_abort(handle)
    }

    /// Calls `body` with the value stored under `key`, or returns `nil` when there is none.
    public func withValue<T>(
        in database: LMDBDatabase, forKey key: some ContiguousBytes,
        _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        try key.withUnsafeBytes { keyBytes in
            var keyValue = MDB_val(
                mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            var value = MDB_val()
            let code = mdb_get(handle, database.dbi, &keyValue, &value)
            if code == MDB_NOTFOUND { return nil }
            try check(code, "mdb_get(\(database.name))")
            return try body(UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
        }
    }

    /// The value stored under `key`, copied out, or `nil`.
    public func value(in database: LMDBDatabase, forKey key: some ContiguousBytes) throws -> [UInt8]? {
        try withValue(in: database, forKey: key) { Array($0) }
    }

    /// How a ``put(_:forKey:in:mode:)`` treats an existing key.
    public enum PutMode: Sendable {
        /// Replace any existing value.
        case upsert
        /// Fail with `MDB_KEYEXIST` if the key exists.
        case insertOnly
        /// The key sorts after every existing key (e.g. a growing big-endian sequence number): much faster.
        case append
    }

    /// Stores `value` under `key`.
    public func put(
        _ value: some ContiguousBytes, forKey key: some ContiguousBytes, in database: LMDBDatabase,
        mode: PutMode = .upsert
    ) throws {
        let flags: UInt32
        switch mode {
        case .upsert: flags = 0
        case .insertOnly: flags = UInt32(MDB_NOOVERWRITE)
        case .append: flags = UInt32(MDB_APPEND)
        }
        try key.withUnsafeBytes { keyBytes in
            try value.withUnsafeBytes { valueBytes in
                var keyValue = MDB_val(
                    mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
                var dataValue = MDB_val(
                    mv_size: valueBytes.count, mv_data: UnsafeMutableRawPointer(mutating: valueBytes.baseAddress))
                try check(mdb_put(handle, database.dbi, &keyValue, &dataValue, flags), "mdb_put(\(database.name))")
            }
        }
    }

    /// Deletes `key`; returns `false` when it was not there.
    @discardableResult
    public func delete(key: some ContiguousBytes, in database: LMDBDatabase) throws -> Bool {
        try key.withUnsafeBytes { keyBytes in
            var keyValue = MDB_val(
                mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            let code = mdb_del(handle, database.dbi, &keyValue, nil)
            if code == MDB_NOTFOUND { return false }
            try check(code, "mdb_del(\(database.name))")
            return true
        }
    }

    /// The number of entries in `database`.
    public func count(of database: LMDBDatabase) throws -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(handle, database.dbi, &stat), "mdb_stat(\(database.name))")
        return stat.ms_entries
    }

    /// Opens a cursor over `database`, usable inside `body` only.
    public func withCursor<T>(on database: LMDBDatabase, _ body: (LMDBCursor) throws -> T) throws -> T {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(handle, database.dbi, &cursor), "mdb_cursor_open(\(database.name))")
        defer { mdb_cursor_close(cursor) }
        return try body(LMDBCursor(handle: cursor!, database: database))
    }
}

/// The `ContiguousBytes` protocol of Foundation, restated so this module needs no Foundation.
public protocol ContiguousBytes {
    /// Calls `body` with the bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousBytes where Element == UInt8 {}
extension ContiguousArray: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}
extension UnsafeRawBufferPointer: ContiguousBytes {
    /// Calls `body` with these bytes.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(self) }
}

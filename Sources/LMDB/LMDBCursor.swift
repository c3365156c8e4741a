internal import CLMDB

/// A cursor over one database, valid only inside ``LMDBTransaction/withCursor(on:_:)``.
public struct LMDBCursor {
    let handle: OpaquePointer
    let database: LMDBDatabase

    /// Walks the entries in key order, starting at the first key greater than or equal to `start`
    /// (or at the first key when `start` is nil), until `body` returns `false` or the entries run out.
    /// The buffers are valid only during the call to `body`.
    public func forEach(
        from start: [UInt8]? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        var key = MDB_val()
        var value = MDB_val()
        var code: Int32
        if let start {
            code = start.withUnsafeBytes { bytes in
                key = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                return mdb_cursor_get(handle, &key, &value, MDB_SET_RANGE)
            }
        } else {
            code = mdb_cursor_get(handle, &key, &value, MDB_FIRST)
        }
        while code == MDB_SUCCESS {
            let keep = try body(
                UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size),
                UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
            if !keep { return }
            code = mdb_cursor_get(handle, &key, &value, MDB_NEXT)
        }
        if code != MDB_NOTFOUND { try check(code, "mdb_cursor_get(\(database.name))") }
    }

    /// The last entry's key and value, copied, or `nil` when the database is empty.
    public func last() throws -> (key: [UInt8], value: [UInt8])? {
        var key = MDB_val()
        var value = MDB_val()
        let code = mdb_cursor_get(handle, &key, &value, MDB_LAST)
        if code == MDB_NOTFOUND { return nil }
        try check(code, "mdb_cursor_get(\(database.name), last)")
        return (
            Array(UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size)),
            Array(UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
        )
    }

    /// Calls `body` with the entry of the greatest key below `key` (`MDB_SET_RANGE`, then one step back),
    /// or returns `nil` when there is none: the last entry of a range of keys that share a prefix.
    public func withLastEntry<T>(
        before key: some ContiguousBytes,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        var found = MDB_val()
        var value = MDB_val()
        var code = key.withUnsafeBytes { bytes in
            found = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            return mdb_cursor_get(handle, &found, &value, MDB_SET_RANGE)
        }
        if code == MDB_SUCCESS {
            code = mdb_cursor_get(handle, &found, &value, MDB_PREV)
        } else if code == MDB_NOTFOUND {
            // Nothing at or after `key`: the last entry of the database is the one before it.
            code = mdb_cursor_get(handle, &found, &value, MDB_LAST)
        }
        if code == MDB_NOTFOUND { return nil }
        try check(code, "mdb_cursor_get(\(database.name), before)")
        return try body(
            UnsafeRawBufferPointer(start: found.mv_data, count: found.mv_size),
            UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
    }
}

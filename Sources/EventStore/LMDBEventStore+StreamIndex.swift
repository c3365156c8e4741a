import LMDB

/// The stream index (`stream-index`: stream id, NUL, big-endian version → big-endian sequence number): how
/// a stream's current version is found, and how its keys are spelled.
extension LMDBEventStore {
    /// The version of `stream` (0 when it has no events): the version in its last stream-index key.
    func streamVersion(of stream: StreamID, in transaction: LMDBTransaction) throws -> UInt64 {
        try transaction.withCursor(on: databases.streamIndex) { cursor in
            try streamVersion(indexKey: Self.streamIndexKey(stream, 0), cursor: cursor)
        }
    }

    /// The version of the stream whose stream-index keys look like `indexKey` (stream id, NUL, 8 bytes of
    /// version; the appender builds it once, see ``PreparedAppend/indexKey``), found by seeking just past
    /// the stream's keys and stepping back one.
    ///
    /// `cursor` must be on the stream index; where it points does not matter (this seeks). The commit keeps
    /// one cursor for all its lookups while it puts into the same database: LMDB moves a write
    /// transaction's cursors along with its puts (since 0.9.21, which fixed a stale `MDB_LAST` after puts,
    /// ITS#8557; Debian ships 0.9.24 and later).
    func streamVersion(indexKey: [UInt8], cursor: LMDBCursor) throws -> UInt64 {
        let prefixCount = indexKey.count - 8
        // Keys of this stream are "id, NUL, version", and only its keys start with "id, NUL" (stream ids
        // hold no NUL): all of them sort below "id, 1", so the greatest key below "id, 1" is the stream's
        // last if it has any. The bound is built in scratch space: this runs for every append.
        return try withUnsafeTemporaryAllocation(byteCount: prefixCount, alignment: 1) { bound in
            indexKey.withUnsafeBytes { bound.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<prefixCount])) }
            bound[prefixCount - 1] = 1
            return try cursor.withLastEntry(before: UnsafeRawBufferPointer(bound)) { key, _ in
                guard key.count == indexKey.count,
                    key.prefix(prefixCount).elementsEqual(indexKey.prefix(prefixCount))
                else { return 0 }
                return BigEndianKey.uint64(UnsafeRawBufferPointer(rebasing: key[prefixCount...])) ?? 0
            }
        } ?? 0
    }

    /// The stream-index key of `stream` at `version`: the stream id's UTF-8 bytes, a NUL, then the version
    /// as eight big-endian bytes, so that a stream's keys sort together and in version order.
    static func streamIndexKey(_ stream: StreamID, _ version: UInt64) -> [UInt8] {
        var name = stream.name
        // One allocation of the exact size: every append builds one of these.
        return name.withUTF8 { utf8 in
            [UInt8](unsafeUninitializedCapacity: utf8.count + 9) { key, count in
                _ = key.initialize(fromContentsOf: utf8)
                key[utf8.count] = 0
                UnsafeMutableRawBufferPointer(key).storeBytes(
                    of: version.bigEndian, toByteOffset: utf8.count + 1, as: UInt64.self)
                count = utf8.count + 9
            }
        }
    }
}

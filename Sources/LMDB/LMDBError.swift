internal import CLMDB

/// An error reported by LMDB, with the return code, LMDB's own message and the operation that failed.
public struct LMDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// LMDB's (or the system's) return code, e.g. `MDB_NOTFOUND` or `ENOENT`.
    public let code: Int32
    /// LMDB's description of `code` (`mdb_strerror`).
    public let message: String
    /// The LMDB call that failed, e.g. `mdb_env_open`.
    public let operation: String

    /// The environment's map is full; callers of ``LMDBEnvironment/write(_:)`` never see it, it grows the map.
    public static let mapFullCode: Int32 = MDB_MAP_FULL
    /// Another process grew the map; the environment adopts the new size and retries.
    public static let mapResizedCode: Int32 = MDB_MAP_RESIZED
    /// The key was not found.
    public static let notFoundCode: Int32 = MDB_NOTFOUND
    /// The file is not an LMDB file, or its version does not match.
    public static let invalidCode: Int32 = MDB_INVALID
    /// `MDB_NOOVERWRITE` found the key already present.
    public static let keyExistCode: Int32 = MDB_KEYEXIST

    /// Creates an error for a return code of `operation`.
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
        self.message = String(cString: mdb_strerror(code))
    }

    /// `true` when the map is full.
    public var isMapFull: Bool { code == MDB_MAP_FULL }
    /// `true` when a key was not found.
    public var isNotFound: Bool { code == MDB_NOTFOUND }

    public var description: String { "\(operation) failed: \(message) (code \(code))" }
}

/// The one place where LMDB return codes become Swift errors.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
    if code != MDB_SUCCESS {
        throw LMDBError(code: code, operation: operation())
    }
}

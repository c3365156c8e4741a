internal import CLMDB

/// A handle to a named database inside an ``LMDBEnvironment``. Valid as long as its environment is open.
public struct LMDBDatabase: Sendable, Hashable {
    let dbi: MDB_dbi
    /// The database's name.
    public let name: String
}

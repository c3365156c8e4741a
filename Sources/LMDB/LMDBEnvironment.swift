internal import CLMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open LMDB environment: one directory holding `data.mdb` and `lock.mdb`.
///
/// The map grows by itself: a write transaction that fills it is aborted, the map is doubled and the
/// transaction's closure runs again, so callers never see `MDB_MAP_FULL`. Readers in other processes adopt
/// a grown map when they next begin a transaction.
///
/// Transactions are scoped in synchronous closures: ``write(_:)`` commits when its closure returns and
/// aborts when it throws; ``read(_:)`` always aborts (read transactions have nothing to commit). Never
/// `await` inside them. The environment is opened with `MDB_NOTLS`, so a read transaction may run on any
/// thread.
public final class LMDBEnvironment: @unchecked Sendable {
    /// How to open an environment.
    public struct Options: Sendable {
        /// The initial size of the memory map in bytes. It doubles whenever a write fills it.
        public var mapSize: Int = 64 << 20
        /// The largest the map may grow to; a write that needs more fails with `MDB_MAP_FULL`.
        public var maximumMapSize: Int = 1 << 40
        /// How many named databases the environment can hold.
        public var maxDatabases: UInt32 = 16
        /// How many concurrent read transactions (across all processes) the environment allows.
        public var maxReaders: UInt32 = 256
        /// Open read-only: for tools that inspect a log that a server may be writing.
        public var readOnly = false
        /// Flush to disk at every commit. Turn off only for throwaway data: an acknowledged write could be lost.
        public var durable = true
        /// Skip LMDB's lock file entirely (`MDB_NOLOCK`): for a read-only look at an environment that must not
        /// be touched at all, and that no other process is writing.
        public var withoutLocking = false
        /// Bytes of written, zero-filled file kept ahead of the data in a durable, writable environment, so
        /// that commits overwrite allocated blocks instead of growing the file (see ``FilePreallocator``);
        /// 0 turns it off.
        public var preallocation = 8 << 20

        /// Options with the defaults above.
        public init(
            mapSize: Int = 64 << 20, maximumMapSize: Int = 1 << 40, maxDatabases: UInt32 = 16,
            maxReaders: UInt32 = 256, readOnly: Bool = false, durable: Bool = true
        ) {
            self.mapSize = mapSize
            self.maximumMapSize = maximumMapSize
            self.maxDatabases = maxDatabases
            self.maxReaders = maxReaders
            self.readOnly = readOnly
            self.durable = durable
        }
    }

    let handle: OpaquePointer
    /// The directory this environment lives in.
    public let path: String
    /// The options it was opened with.
    public let options: Options
    private let resizeLock = ReadersWriterLock()
    private let writeSerializer = ReadersWriterLock()
    /// Used only inside write transactions, which `writeSerializer` serializes.
    private let preallocator: FilePreallocator?
    /// How many stale reader slots (left by crashed processes) were cleared when the environment opened.
    public let staleReadersCleared: Int

    /// Opens (and, unless read-only, creates) the environment in the directory `path`, which must exist.
    /// - Throws: ``LMDBTruncatedFileError`` when `data.mdb` is shorter than the environment it holds (LMDB
    ///   would crash with `SIGBUS` on the first page past its end); ``LMDBError`` for what LMDB refuses.
    public init(path: String, options: Options = Options()) throws {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError(code: ENOMEM, operation: "mdb_env_create") }
        do {
            try check(mdb_env_set_maxdbs(env, MDB_dbi(options.maxDatabases)), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(env, options.maxReaders), "mdb_env_set_maxreaders")
            try check(mdb_env_set_mapsize(env, options.mapSize), "mdb_env_set_mapsize")
            var flags = UInt32(MDB_NOTLS)
            if options.readOnly { flags |= UInt32(MDB_RDONLY) }
            if !options.durable { flags |= UInt32(MDB_NOSYNC) }
            if options.withoutLocking { flags |= UInt32(MDB_NOLOCK) }
            let opened = mdb_env_open(env, path, flags, 0o644)
            // A file too short for its two meta pages fails LMDB's pread of them as MDB_INVALID.
            if opened == MDB_INVALID, let truncation = Self.truncationBeforeMetaPages(path: path) { throw truncation }
            try check(opened, "mdb_env_open(\(path))")
            // Before anything reads a page through the map: the reader check, a transaction, the preallocator.
            try Self.checkDataFileSize(env, path: path)
            var dead: Int32 = 0
            // Crashed processes leave reader slots behind that pin old pages; clear them at open.
            try check(mdb_reader_check(env, &dead), "mdb_reader_check")
            self.staleReadersCleared = Int(dead)
        } catch {
            mdb_env_close(env)
            throw error
        }
        self.handle = env
        self.path = path
        self.options = options
        var status = MDB_stat()
        mdb_env_stat(env, &status)
        self.pageSize = Int(status.ms_psize)
        let preallocates = options.durable && !options.readOnly && !options.withoutLocking && options.preallocation > 0
        self.preallocator = preallocates ? FilePreallocator(handle: env, headroom: options.preallocation) : nil
    }

    deinit {
        mdb_env_close(handle)
    }

    /// The current size of the memory map in bytes.
    public var mapSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }

    /// The bytes of `data.mdb` that hold pages LMDB uses (up to its last page, as of the last commit); the
    /// file may be longer (see ``Options/preallocation``).
    public var usedSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return (Int(info.me_last_pgno) + 1) * pageSize
    }

    /// The longest key LMDB stores, in bytes (511 in Debian's build): a longer one fails its whole write
    /// transaction with `MDB_BAD_VALSIZE`, so callers that batch writes check keys first.
    public var maximumKeySize: Int { Int(mdb_env_get_maxkeysize(handle)) }

    /// LMDB's page size (the operating system's), fixed for the life of the environment.
    let pageSize: Int

    /// Runs `body` in a write transaction, commits when it returns, aborts when it throws.
    ///
    /// When the map fills, the transaction is aborted, the map grows and `body` runs again from the
    /// start, so `body` must not have effects outside the transaction that cannot be repeated.
    /// Write transactions of this process are serialized.
    public func write<T>(_ body: (LMDBTransaction) throws -> T) throws -> T {
        try writeSerializer.withExclusiveLock {
            while true {
                do {
                    return try resizeLock.withSharedLock {
                        let transaction = try LMDBTransaction(environment: self, readOnly: false)
                        // Before the transaction writes anything (see FilePreallocator for why that matters).
                        preallocator?.prepare(environment: self)
                        do {
                            let result = try body(transaction)
                            try transaction.commit()
                            return result
                        } catch {
                            transaction.abort()
                            throw error
                        }
                    }
                } catch let error as LMDBError where error.isMapFull {
                    try grow()
                }
            }
        }
    }

    /// Runs `body` in a read-only transaction. Values read from it are valid only inside `body`.
    public func read<T>(_ body: (LMDBTransaction) throws -> T) throws -> T {
        while true {
            do {
                return try resizeLock.withSharedLock {
                    let transaction = try LMDBTransaction(environment: self, readOnly: true)
                    defer { transaction.abort() }
                    return try body(transaction)
                }
            } catch let error as LMDBError where error.code == MDB_MAP_RESIZED {
                // Another process grew the map: adopt its size (0 means "as recorded in the file").
                try resizeLock.withExclusiveLock { () throws(LMDBError) in
                    try check(mdb_env_set_mapsize(handle, 0), "mdb_env_set_mapsize")
                }
            }
        }
    }

    /// Doubles the map, up to ``Options/maximumMapSize``.
    private func grow() throws(LMDBError) {
        try resizeLock.withExclusiveLock { () throws(LMDBError) in
            let current = mapSize
            guard current < options.maximumMapSize else {
                throw LMDBError(code: MDB_MAP_FULL, operation: "growing the map past \(options.maximumMapSize) bytes")
            }
            let next = min(current * 2, options.maximumMapSize)
            try check(mdb_env_set_mapsize(handle, next), "mdb_env_set_mapsize(\(next))")
        }
    }

    /// Opens the named database, creating it when `create` is true (only in a writable environment).
    /// - Throws: an ``LMDBError`` whose ``LMDBError/isNotFound`` is true when it does not exist.
    public func openDatabase(named name: String, create: Bool) throws -> LMDBDatabase {
        let body = { (transaction: LMDBTransaction) throws -> LMDBDatabase in
            var dbi: MDB_dbi = 0
            let flags = create ? UInt32(MDB_CREATE) : 0
            try check(mdb_dbi_open(transaction.handle, name, flags, &dbi), "mdb_dbi_open(\(name))")
            return LMDBDatabase(dbi: dbi, name: name)
        }
        if create { return try write(body) }
        // A handle becomes shared only when its transaction commits, a read-only one included.
        return try resizeLock.withSharedLock {
            let transaction = try LMDBTransaction(environment: self, readOnly: true)
            do {
                let database = try body(transaction)
                try transaction.commit()
                return database
            } catch {
                transaction.abort()
                throw error
            }
        }
    }

    /// Opens the named database, or returns nil when the environment has none of that name (for layouts
    /// that changed between formats). Never creates it.
    public func openDatabaseIfPresent(named name: String) throws -> LMDBDatabase? {
        do {
            return try openDatabase(named: name, create: false)
        } catch let error as LMDBError where error.isNotFound {
            return nil
        }
    }

    /// Flushes buffers to disk; needed only for environments opened with `durable: false`.
    public func sync() throws(LMDBError) {
        try check(mdb_env_sync(handle, 1), "mdb_env_sync")
    }
}

internal import CLMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Refusing a truncated `data.mdb` at open, before anything reads a page through the map (see
/// ``LMDBTruncatedFileError`` for why that would be fatal rather than an error).
extension LMDBEnvironment {
    /// The data file of the environment in the directory `path` (this wrapper never uses `MDB_NOSUBDIR`).
    static func dataFilePath(_ path: String) -> String { path + "/data.mdb" }

    /// Throws when the data file of the freshly opened `env` is shorter than the pages its newest meta page
    /// counts as used. A file that is longer is fine: the writer keeps written zeros beyond the used pages
    /// (``FilePreallocator``).
    ///
    /// `mdb_env_open` read both meta pages with `pread` and touched nothing else but those two pages, which
    /// that read proved are in the file; `mdb_env_info` and `mdb_env_stat` read only them too.
    static func checkDataFileSize(_ env: OpaquePointer, path: String) throws {
        var info = MDB_envinfo()
        try check(mdb_env_info(env, &info), "mdb_env_info")
        var status = MDB_stat()
        try check(mdb_env_stat(env, &status), "mdb_env_stat")
        let requiredSize = (Int(info.me_last_pgno) + 1) * Int(status.ms_psize)
        var descriptor: mdb_filehandle_t = -1
        try check(mdb_env_get_fd(env, &descriptor), "mdb_env_get_fd")
        // After reading the meta page: a writer writes the pages a meta page counts before that meta page,
        // and data.mdb never shrinks, so a concurrent commit cannot make a sound file look short.
        var file = stat()
        guard fstat(descriptor, &file) == 0 else {
            throw LMDBError(code: errno, operation: "fstat(\(dataFilePath(path)))")
        }
        guard Int(file.st_size) >= requiredSize else {
            throw LMDBTruncatedFileError(
                path: dataFilePath(path), fileSize: Int(file.st_size), requiredSize: requiredSize)
        }
    }

    /// The truncation behind an `MDB_INVALID` from `mdb_env_open`, when there is one: the data file begins
    /// like an LMDB meta page but ends before the second meta page (LMDB reads both with `pread` and calls
    /// a short read invalid). Nil when the file is something else, which `MDB_INVALID` then describes.
    static func truncationBeforeMetaPages(path: String) -> LMDBTruncatedFileError? {
        let dataFile = dataFilePath(path)
        let descriptor = open(dataFile, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var file = stat()
        guard fstat(descriptor, &file) == 0 else { return nil }
        // A meta page: a 16-byte page header, then MDB_meta: the magic (4 bytes), the format version (4), the
        // map address (8), the map size (8), then the free database's record, whose first field (4 bytes) is
        // the page size.
        var header = [UInt8](repeating: 0, count: 44)
        let count = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        // LMDB writes its files in the machine's byte order; 0xBEEFC0DE is MDB_MAGIC (private to mdb.c).
        let magic = withUnsafeBytes(of: UInt32(0xBEEF_C0DE)) { Array($0) }
        guard count >= 20, header[16..<20].elementsEqual(magic) else { return nil }
        var pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        if count == header.count {
            let stored = header.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 40, as: UInt32.self)) }
            // Trust the stored size only when it is one LMDB could have written.
            if stored >= 512, stored <= 65536, stored & (stored - 1) == 0 { pageSize = stored }
        }
        let requiredSize = 2 * pageSize
        guard Int(file.st_size) < requiredSize else { return nil }
        return LMDBTruncatedFileError(path: dataFile, fileSize: Int(file.st_size), requiredSize: requiredSize)
    }
}

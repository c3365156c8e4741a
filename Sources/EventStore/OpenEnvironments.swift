import LMDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The LMDB environments this process has open with LMDB's lock file, one per log, shared by every store
/// of that log in the process.
///
/// Why: LMDB must not open one environment twice in a process. Its lock file's `fcntl` locks belong to the
/// process, so a second open believes it is alone and resets the reader table under the first (readers
/// lose their slots; the writer may reuse pages they still read), and closing either descriptor drops the
/// process's locks for both. Tests, `topchef verify` (a store and a raw look at the same log) and a writer
/// reopened while a reader lives all did this. Sharing one environment is what LMDB supports instead.
enum OpenEnvironments {
    private struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private final class Entry: @unchecked Sendable {
        weak var environment: LMDBEnvironment?
        init(_ environment: LMDBEnvironment) { self.environment = environment }
    }

    private static let table = Mutex<[FileIdentity: Entry]>([:])

    /// The environment of the log in `path`: the one this process already has open, or a new one.
    /// - Throws: what `LMDBEnvironment(path:options:)` throws, or ``EventStoreError/storage(path:message:)``
    ///   for a writable open while the log is open read-only in this process (a read-only environment
    ///   cannot write, and a second one is what this type exists to prevent).
    static func open(path: String, options: LMDBEnvironment.Options) throws -> LMDBEnvironment {
        try table.withLock { table in
            table = table.filter { $0.value.environment != nil }
            if let identity = identity(of: path), let open = table[identity]?.environment {
                if open.options.readOnly && !options.readOnly {
                    throw EventStoreError.storage(
                        path: path,
                        message: "the log is open read-only in this process; close its readers before writing to it")
                }
                return open
            }
            let environment = try LMDBEnvironment(path: path, options: options)
            if let identity = identity(of: path) { table[identity] = Entry(environment) }
            return environment
        }
    }

    /// The identity of the log's data file, or nil when it does not exist yet.
    private static func identity(of path: String) -> FileIdentity? {
        var status = stat()
        guard stat(path + "/data.mdb", &status) == 0 else { return nil }
        return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}

import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A shared `flock(2)` on a log's `writer.lock`, held by a reader that cannot use LMDB's lock file.
///
/// Why: LMDB keeps a table of readers in `lock.mdb`, so that a writer never reuses a page that a reader may
/// still read. Joining the table needs write access to `lock.mdb` (or to the directory, to create it); a user
/// with read-only access to the log, an auditor say, cannot. Such a reader opens the environment with
/// `MDB_NOLOCK` instead, which is safe only while nobody writes. Every TopChef writer holds `writer.lock`
/// exclusively while it runs (``WriterLock``), so a shared lock on it succeeds only when no writer runs and
/// keeps writers from starting until it is released. The kernel drops it when the process dies.
///
/// It does not keep out writers that are not TopChef (`mdb_load`, a raw LMDB program), which never take
/// `writer.lock`.
final class SharedWriterLock: Sendable {
    /// The locked descriptor; -1 once released.
    private let descriptor: Mutex<Int32>

    /// Takes the shared lock of the log in `directory`.
    /// - Throws: ``EventStoreError/readerCannotLock(path:reason:)`` when a writer holds the lock, or when
    ///   `writer.lock` does not exist or cannot be opened.
    init(directory: String) throws(EventStoreError) {
        let lockPath = directory + "/" + WriterLock.fileName
        // Read-only: this user may not write to it, and flock works on any open descriptor.
        let fd = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            let reason =
                code == ENOENT
                ? "there is no \(lockPath) to keep writers out with"
                : "\(lockPath) cannot be opened to keep writers out: \(String(cString: strerror(code)))"
            throw .readerCannotLock(path: directory, reason: reason)
        }
        var result: Int32
        repeat { result = flock(fd, LOCK_SH | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            close(fd)
            let reason =
                code == EWOULDBLOCK
                ? "the log is being written (\(lockPath) is held)"
                : "\(lockPath) cannot be locked: \(String(cString: strerror(code)))"
            throw .readerCannotLock(path: directory, reason: reason)
        }
        descriptor = Mutex(fd)
    }

    deinit {
        descriptor.withLock { fd in
            // Unlocked explicitly: a child being started may hold a copy of the descriptor (see WriterLock).
            if fd >= 0 {
                _ = flock(fd, LOCK_UN)
                close(fd)
            }
            fd = -1
        }
    }
}

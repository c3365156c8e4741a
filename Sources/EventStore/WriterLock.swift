import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The right to append to the log in one directory: an exclusive `flock(2)` on `writer.lock` in it, taken
/// by a writable ``LMDBEventStore`` before it writes anything and held until it closes.
///
/// Why: a store caches the log's head (last sequence number and hash) and feeds projections that assume
/// they see every event, so a second writer would serve a stale view and fail every append. LMDB's own
/// lock serializes transactions, not writers. A `flock` belongs to the open file description, so a second
/// store in the same process is refused too, and the kernel drops it when the descriptor closes, the
/// process's death included: `kill -9` never leaves a stale lock behind. The file's content (the holder's
/// pid) only makes the refusal clearer; whether the lock is held never depends on it.
final class WriterLock: Sendable {
    /// The lock file's name inside the log's directory.
    static let fileName = "writer.lock"

    /// The locked descriptor; -1 once released.
    private let descriptor: Mutex<Int32>

    /// Takes the lock of the log in `directory`, which must exist, creating the lock file when needed.
    /// - Throws: ``EventStoreError/writerLocked(path:holder:)`` when another store holds it.
    init(directory: String) throws(EventStoreError) {
        let lockPath = directory + "/" + Self.fileName
        // O_CLOEXEC: a child process the server starts must not inherit (and so keep holding) the lock.
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .storage(path: directory, message: "cannot open \(lockPath): \(Self.systemError())")
        }
        var result: Int32
        repeat { result = flock(fd, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            defer { close(fd) }
            // Held, but a shared lock can be had: only readers without lock.mdb hold it (SharedWriterLock).
            if code == EWOULDBLOCK, flock(fd, LOCK_SH | LOCK_NB) == 0 {
                throw .storage(
                    path: directory,
                    message: "a reader that cannot use lock.mdb is reading this log (it holds \(lockPath) shared); "
                        + "writing must wait until it has finished")
            }
            if code == EWOULDBLOCK {
                throw .writerLocked(path: directory, holder: Self.holder(fd))
            }
            throw .storage(path: directory, message: "cannot lock \(lockPath): \(Self.systemError(code))")
        }
        // Best effort: the pid helps whoever is refused next, it is not part of the lock.
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
        descriptor = Mutex(fd)
    }

    deinit { release() }

    /// Releases the lock (idempotent). Its pid is cleared first, while the lock is still held, so that the
    /// file never names a process that no longer writes; a crashed holder leaves its pid behind, harmlessly.
    ///
    /// Unlocked explicitly, not only closed: a child process this process is starting holds a copy of the
    /// descriptor from its fork until its exec closes it (O_CLOEXEC), and the lock, which belongs to the
    /// open file description, would outlive our close until then. A writable open right after a close
    /// was refused that way in a test run where other tests were starting processes.
    func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            _ = ftruncate(fd, 0)
            _ = flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    /// The refusal a writable open of `directory` would meet if another store holds its lock now; nil when
    /// nobody does or there is no lock file (which this never creates).
    static func refusalIfHeld(directory: String) -> EventStoreError? {
        let fd = open(directory + "/" + fileName, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        // Closing the descriptor drops the lock if this probe happened to get it.
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) != 0, errno == EWOULDBLOCK else { return nil }
        return .writerLocked(path: directory, holder: holder(fd))
    }

    /// The pid written in the lock file by its holder, if it reads as one.
    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        guard let first = text.split(whereSeparator: \.isWhitespace).first, let pid = Int32(first), pid > 0 else {
            return nil
        }
        return pid
    }

    private static func systemError(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an event store could not be opened or used. Each case names the values involved.
public enum EventStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The directory does not exist (read-only opening never creates one).
    case missingDirectory(path: String)
    /// The directory holds something that is not a TopChef event log; nothing was written to it.
    case notAnEventLog(path: String, reason: String)
    /// The log was written by a newer TopChef whose format this one does not understand.
    case unsupportedFormat(path: String, found: UInt32, supported: UInt32)
    /// The log is damaged: a record cannot be decoded, its hash does not match its content, the chain is
    /// broken or sequence numbers have a gap. `sequence` is the first bad one, when known.
    case damaged(path: String, sequence: UInt64?, reason: String)
    /// The log is damaged: `data.mdb` is `fileSize` bytes, shorter than the `requiredSize` bytes its newest
    /// meta page says the log uses (or than its two meta pages). A copy that did not finish, a restore onto a
    /// full disk; nothing can be read from it safely.
    case truncated(path: String, fileSize: Int, requiredSize: Int)
    /// The store was opened read-only and cannot append.
    case readOnly(path: String)
    /// The store has been closed.
    case closed
    /// A stream name that cannot be stored.
    case invalidStreamID(String, reason: String)
    /// An append with no events.
    case emptyAppend(StreamID)
    /// An annotation whose namespace or key cannot be stored.
    case invalidAnnotation(namespace: String, reason: String)
    /// Another store is writing to the log: another process, or another open store in this process. Only
    /// one writer at a time; read-only opening is not affected. `holder` is the pid the lock file names.
    case writerLocked(path: String, holder: Int32?)
    /// A read-only open by a user who cannot write LMDB's `lock.mdb` (and so cannot join its reader table)
    /// could not keep writers out with a shared lock on `writer.lock` either: a writer holds it, or it is
    /// missing or unreadable. `reason` says which.
    case readerCannotLock(path: String, reason: String)
    /// LMDB failed underneath.
    case storage(path: String, message: String)

    public var description: String {
        switch self {
        case .missingDirectory(let path):
            "\(path): no such directory"
        case .notAnEventLog(let path, let reason):
            "\(path): not a TopChef event log (\(reason))"
        case .unsupportedFormat(let path, let found, let supported):
            "\(path): the log has format version \(found); this TopChef reads up to version \(supported)"
        case .damaged(let path, let sequence, let reason):
            // The one line a server that refuses to start leaves, and every tool prints: it says where to
            // look next (`verify` names the first bad event and reads past what the store refuses).
            if let sequence {
                "\(path): the event log is damaged at sequence number \(sequence): \(reason) "
                    + "(run `topchef verify` for details)"
            } else {
                "\(path): the event log is damaged: \(reason) (run `topchef verify` for details)"
            }
        case .truncated(let path, let fileSize, let requiredSize):
            "\(path): the event log is damaged: data.mdb is \(fileSize) bytes, shorter than the \(requiredSize) bytes "
                + "the log uses (the file was truncated)"
        case .readOnly(let path):
            "\(path): the event log is open read-only"
        case .closed:
            "the event log is closed"
        case .invalidStreamID(let name, let reason):
            "invalid stream id \"\(name)\": \(reason)"
        case .emptyAppend(let stream):
            "an append to \(stream) must carry at least one event"
        case .invalidAnnotation(let namespace, let reason):
            "invalid annotation in \"\(namespace)\": \(reason)"
        case .writerLocked(let path, let holder):
            "\(path): \(Self.writer(holder)) is already writing to this log (lock \(path)/writer.lock held)"
        case .readerCannotLock(let path, let reason):
            "\(path): cannot read the log without LMDB's reader table (this user cannot write lock.mdb), and "
                + "\(reason)"
        case .storage(let path, let message):
            "\(path): \(message)"
        }
    }

    /// Who holds a writer lock, as the refusal says it.
    private static func writer(_ holder: Int32?) -> String {
        guard let holder else { return "another TopChef process, or another open store in this process," }
        return holder == getpid() ? "another open store in this process" : "another TopChef process (pid \(holder))"
    }
}

import Foundation
import LMDB
import Synchronization

/// The event log in an LMDB environment: the embedded default, one directory, no server to run.
///
/// Layout (named databases):
/// - `meta`: the log's format version;
/// - `events`: big-endian sequence number → record (``EventRecordCodec``);
/// - `stream-index`: stream id, NUL, big-endian version → big-endian sequence number; a stream's current
///   version is the version in its last key;
/// - `annotations`: liveness data that is not provenance (service check-ins), overwritten in place;
/// - `streams` (format 1 only): stream id → big-endian current version. Format 2 dropped it, which saves a
///   B-tree update per event on the writer thread; logs of format 1 keep it and keep it up to date, so
///   that an older TopChef can still open and append to them.
///
/// A writable store holds the directory's ``WriterLock`` (`writer.lock`) from open to ``close()``: one
/// writer per log, across processes and within one. Read-only stores do not take it, except one whose user
/// cannot write LMDB's `lock.mdb`: that one holds it shared (``SharedWriterLock``) and opens only while no
/// writer runs.
///
/// Appends go through a ``GroupCommitWriter``, which makes each commit durable in the ``CommitJournal``
/// (`journal-0`, `journal-1`: one sequential write and one flush); a ``Checkpointer`` thread later puts
/// whole generations of commits into the databases above. Reads look in `data.mdb` first and then in the
/// journal's tail (``JournalTail``), so they see every durable event either way. Commit observers run on
/// the writer's thread, in sequence order, after the events are durable and before the appenders resume:
/// that is how projections see every event exactly once, before any response reflects it.
public final class LMDBEventStore: EventStore, @unchecked Sendable {
    /// The log format this code writes and the newest it reads. Format 3 may hold durable events in the
    /// journal files that are not in `data.mdb` yet, which an older TopChef would not see: a writable open
    /// records format 3 in every log it opens. Format 2 had no journal; format 1 also had a `streams`
    /// database (kept up to date while this code appends to a log that was of format 1 when opened).
    public static let formatVersion: UInt32 = 3

    /// How to open a log.
    public struct Options: Sendable {
        /// Open without the ability to append, for tools that read a log a server may be writing.
        public var readOnly = false
        /// Initial size of the LMDB map; it grows by itself.
        public var initialMapSize = 64 << 20
        /// Flush every commit to disk. Only throwaway logs (benchmarks of the CPU path) turn this off.
        public var durable = true
        /// The most one commit takes, in bytes of payload (roughly) and in append requests; at least one
        /// request, however large. LMDB refuses a transaction that dirties more than about 512 MiB, and a
        /// failed commit fails every request in it.
        public var maximumCommitBytes = 64 << 20
        /// See ``maximumCommitBytes``.
        public var maximumCommitRequests = 4096
        /// Bytes of journaled writes after which the writer seals a generation for checkpointing (see
        /// ``CommitJournal``). Tests make it small to go through many generations.
        var generationBytes = 4 << 20
        /// Whether journaled writes are checkpointed into `data.mdb` at all. Tests turn it off to leave
        /// everything in the journal, as a crash between checkpoints would.
        var checkpoints = true

        /// Options with the defaults above.
        public init(readOnly: Bool = false, initialMapSize: Int = 64 << 20, durable: Bool = true) {
            self.readOnly = readOnly
            self.initialMapSize = initialMapSize
            self.durable = durable
        }
    }

    struct Databases {
        let meta: LMDBDatabase
        let events: LMDBDatabase
        /// Present in logs of format 1 only.
        let streams: LMDBDatabase?
        let streamIndex: LMDBDatabase
        let annotations: LMDBDatabase
    }

    struct Head {
        var sequence: UInt64
        var hash: [UInt8]
        var recordedAt: Timestamp
    }

    /// The directory of the log.
    public let path: String
    /// `true` when opened read-only.
    public let isReadOnly: Bool
    let environment: LMDBEnvironment
    let databases: Databases
    let head: Mutex<Head>
    let notifier: SequenceNotifier
    let observers = Mutex<[@Sendable ([RecordedEvent]) -> Void]>([])
    private(set) var writer: GroupCommitWriter?
    /// The writer thread's journal and checkpoints; nil for a read-only store.
    let journalState: JournalWriterState?
    /// Durable events and annotations that may not be in `data.mdb` yet, for reads.
    let journalTail: JournalTail
    /// The journal files' sizes and times when a read-only store last read them (see
    /// ``reloadJournalTail()``).
    let journalStamp = Mutex<[[Int]]>([])
    /// Held by ``close()`` from start to end.
    private let closing = NSLock()
    /// Held by a writable store until ``close()``; nil for a read-only one.
    private let writerLock: WriterLock?
    /// Held by a read-only store that reads without LMDB's lock file, for as long as it lives (reads go on
    /// after ``close()``); nil otherwise. See ``SharedWriterLock``.
    private let sharedWriterLock: SharedWriterLock?
    let clock: @Sendable () -> Timestamp

    /// Opens the log in `path`, creating the directory and an empty log when it does not exist (unless
    /// read-only). Refuses, writing nothing, a directory that holds something else, a newer format, or a
    /// damaged log (a truncated data.mdb included); refuses a writable open while another store writes the log
    /// (``EventStoreError/writerLocked(path:holder:)``), writing nothing but `writer.lock`.
    public init(path: String, options: Options = Options(), clock: @escaping @Sendable () -> Timestamp = Timestamp.now)
        throws(EventStoreError)
    {
        self.path = path
        self.isReadOnly = options.readOnly
        self.clock = clock
        var isNew: Bool
        do {
            isNew = try Self.prepareDirectory(path: path, readOnly: options.readOnly)
            if !isNew { try Self.probe(path: path) }
        } catch {
            // A log another writer is creating right now can look half-made: say who is writing it instead.
            if !options.readOnly, let locked = WriterLock.refusalIfHeld(directory: path) { throw locked }
            throw error
        }
        // After the checks, so that a directory that is not a log gets no lock file; before LMDB opens the
        // environment, which writes (lock.mdb, a new data.mdb, the format version, preallocated space).
        writerLock = options.readOnly ? nil : try WriterLock(directory: path)
        if isNew, writerLock != nil, FileManager.default.fileExists(atPath: path + "/data.mdb") {
            // Another writer created the log between the checks and the lock, and has closed it since.
            isNew = try Self.prepareDirectory(path: path, readOnly: false)
            if !isNew { try Self.probe(path: path) }
        }
        (environment, sharedWriterLock) = try Self.openEnvironment(
            path: path,
            options: .init(mapSize: options.initialMapSize, readOnly: options.readOnly, durable: options.durable))
        guard let databases = try Self.openDatabases(environment, path: path, create: isNew) else {
            throw .storage(path: path, message: "the log's databases could not be opened")
        }
        self.databases = databases
        var head: Head
        if options.readOnly {
            let found: JournalRecovery.Found
            (head, found) = try Self.lookAtJournal(environment, databases, path: path)
            journalTail = JournalTail(found.tail)
            journalState = nil
            if let last = found.last {
                head = Head(sequence: last.sequence, hash: last.hash, recordedAt: last.recordedAt)
            }
        } else {
            let found: JournalRecovery.Found
            (head, found) = try Self.recoverJournal(
                environment, databases, path: path, head: Self.readHead(environment, databases, path: path))
            journalTail = JournalTail()
            let journal = try CommitJournal(
                directory: path, current: found.olderFile, generation: found.newestGeneration &+ 1,
                durable: options.durable)
            // Captures only what it uses: the store owns the checkpointer, which must not own the store.
            let (environment, databases, tail) = (environment, databases, journalTail)
            let checkpointer = Checkpointer(name: "topchef-checkpt") { generation in
                try environment.write { try Self.write(generation, in: $0, databases: databases) }
                tail.dropFirst(commits: generation.commits.count, annotations: generation.annotations.count)
            }
            journalState = JournalWriterState(
                journal: journal, checkpointer: checkpointer, generationBytes: options.generationBytes,
                checkpoints: options.checkpoints)
        }
        self.head = Mutex(head)
        notifier = SequenceNotifier(last: head.sequence)
        if let journalState {
            let budget = GroupCommitWriter.Budget(
                bytes: options.maximumCommitBytes, requests: options.maximumCommitRequests)
            writer = GroupCommitWriter(
                name: "topchef-writer", budget: budget,
                // Weak, not unowned: the writer thread may fall idle while the store is being deinitialised
                // (its deinit closes it), and loading an unowned reference then traps. An append holds the
                // store, so a batch never finds it gone; should one, it fails like an append after close.
                commit: { [weak self] batch, taken in
                    guard let self else {
                        for request in batch { request.continuation.resume(throwing: EventStoreError.closed) }
                        return
                    }
                    commit(batch, taken: taken)
                },
                idle: { [weak self] in self?.sealIfDue(journalState, idle: true) ?? false })
        }
    }

    deinit {
        close()
    }

    /// Commits what is queued, stops the writer, wakes subscribers and releases the writer lock, so that
    /// another store may open the log for writing. Later appends throw ``EventStoreError/closed``.
    public func close() {
        // A second close waits for the first: returning early would release the writer lock while the first
        // still commits and checkpoints.
        closing.lock()
        defer { closing.unlock() }
        if let writer, writer.acceptsRequests {
            writer.stop()
            // The writer thread has ended: its journal state is ours now.
            if let journalState { checkpointEverything(journalState) }
        }
        notifier.close()
        // Only once nothing more can be written: the writer has committed its last batch and stopped.
        writerLock?.release()
    }

    /// Calls `observer` on the writer's thread with every batch of newly durable events, in sequence order,
    /// before the appenders resume. Keep it short and non-blocking: it delays every commit.
    public func addCommitObserver(_ observer: @escaping @Sendable ([RecordedEvent]) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// The number of the last durable event; for a read-only store, as of the last look at the file.
    public var lastSequence: UInt64 {
        if isReadOnly, let last = try? Self.readHead(environment, databases, path: path).sequence {
            try? reloadJournalTail()
            return max(last, journalTail.lastSequence ?? 0)
        }
        return head.withLock { $0.sequence }
    }

    /// The size of the LMDB map now (it grows as the log does).
    public var mapSize: Int { environment.mapSize }

    // MARK: - Opening

    /// Creates the directory when needed and decides whether the log is new. Writes nothing into an
    /// existing directory that does not hold a log.
    private static func prepareDirectory(path: String, readOnly: Bool) throws(EventStoreError) -> Bool {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if !files.fileExists(atPath: path, isDirectory: &isDirectory) {
            if readOnly { throw .missingDirectory(path: path) }
            do {
                try files.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .storage(path: path, message: "cannot create the directory: \(error.localizedDescription)")
            }
            return true
        }
        guard isDirectory.boolValue else { throw .notAnEventLog(path: path, reason: "it is a file, not a directory") }
        let dataFile = path + "/data.mdb"
        if files.fileExists(atPath: dataFile) {
            guard let handle = FileHandle(forReadingAtPath: dataFile) else {
                throw .storage(path: path, message: "data.mdb cannot be read")
            }
            defer { try? handle.close() }
            let header = (try? handle.read(upToCount: 24)) ?? Data()
            // Nothing shows what an empty file was, and LMDB would write a new environment into it.
            guard !header.isEmpty else { throw .notAnEventLog(path: path, reason: "data.mdb is empty") }
            // An LMDB meta page starts with a 16-byte page header, then the magic 0xBEEFC0DE.
            let magic: [UInt8] = [0xDE, 0xC0, 0xEF, 0xBE]
            guard header.count >= 20, Array(header[16..<20]) == magic else {
                throw .notAnEventLog(path: path, reason: "data.mdb is not an LMDB file")
            }
            return false
        }
        if readOnly { throw .notAnEventLog(path: path, reason: "it has no data.mdb") }
        let contents = (try? files.contentsOfDirectory(atPath: path)) ?? []
        // A lock file may be left by an open that failed after taking the lock (or by a writer now creating
        // the log: the lock then refuses this open).
        guard contents.allSatisfy({ $0 == "lock.mdb" || $0 == WriterLock.fileName }) else {
            throw .notAnEventLog(path: path, reason: "the directory is not empty and has no data.mdb")
        }
        return true
    }

    /// Checks that an existing environment is a TopChef log of a known format without writing anything,
    /// not even LMDB's lock file, so that opening the wrong directory leaves it exactly as it was.
    private static func probe(path: String) throws(EventStoreError) {
        var probeOptions = LMDBEnvironment.Options(mapSize: 1 << 20, readOnly: true)
        probeOptions.withoutLocking = true
        // Refuses a truncated data.mdb before anything below reads a page of it through the map.
        let (environment, _) = try openEnvironment(path: path, options: probeOptions)
        _ = try openDatabases(environment, path: path, create: false, checkOnly: true)
    }

    private static func openDatabases(
        _ environment: LMDBEnvironment, path: String, create: Bool, checkOnly: Bool = false
    ) throws(EventStoreError) -> Databases? {
        do {
            let meta: LMDBDatabase
            do {
                meta = try environment.openDatabase(named: "meta", create: create)
            } catch let error as LMDBError where error.isNotFound {
                throw EventStoreError.notAnEventLog(
                    path: path, reason: "it is an LMDB environment without TopChef metadata")
            }
            if create {
                try environment.write { transaction in
                    try transaction.put(Self.bytes(of: formatVersion), forKey: Array("format".utf8), in: meta)
                }
            }
            let stored = try environment.read { transaction in
                try transaction.value(in: meta, forKey: Array("format".utf8))
            }
            guard let stored, stored.count == 4 else {
                throw EventStoreError.notAnEventLog(path: path, reason: "it has no format version")
            }
            let format = stored.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self)) }
            guard format <= formatVersion else {
                throw EventStoreError.unsupportedFormat(path: path, found: format, supported: formatVersion)
            }
            if checkOnly { return nil }
            func open(_ name: String) throws -> LMDBDatabase {
                do {
                    return try environment.openDatabase(named: name, create: create)
                } catch let error as LMDBError where error.isNotFound {
                    throw EventStoreError.damaged(path: path, sequence: nil, reason: "the database \(name) is missing")
                }
            }
            return Databases(
                meta: meta, events: try open("events"), streams: format < 2 ? try open("streams") : nil,
                streamIndex: try open("stream-index"), annotations: try open("annotations"))
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw .storage(path: path, message: "\(error)")
        }
    }

    /// Reads and checks the last event: its record decodes, its hash verifies, and the number of events
    /// equals its sequence number (no gap). A full check is `topchef verify`.
    static func readHead(_ environment: LMDBEnvironment, _ databases: Databases, path: String)
        throws(EventStoreError) -> Head
    {
        do {
            return try environment.read { transaction in
                let count = try transaction.count(of: databases.events)
                guard
                    let last = try transaction.withCursor(on: databases.events, { try $0.last() })
                else {
                    return Head(
                        sequence: 0, hash: EventRecordCodec.genesisHash,
                        recordedAt: Timestamp(microsecondsSinceEpoch: 0))
                }
                let sequence = last.key.withUnsafeBytes { BigEndianKey.uint64($0) } ?? 0
                let event: RecordedEvent
                do {
                    event = try last.value.withUnsafeBytes { try EventRecordCodec.decode($0, verifyHash: true) }
                } catch {
                    throw EventStoreError.damaged(path: path, sequence: sequence, reason: "\(error)")
                }
                guard event.sequence == sequence else {
                    throw EventStoreError.damaged(
                        path: path, sequence: sequence,
                        reason: "it is stored under sequence number \(sequence) but says \(event.sequence)")
                }
                guard UInt64(count) == sequence else {
                    throw EventStoreError.damaged(
                        path: path, sequence: nil,
                        reason: "\(count) events are stored but the last is number \(sequence)")
                }
                return Head(sequence: sequence, hash: event.hash, recordedAt: event.recordedAt)
            }
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw .storage(path: path, message: "\(error)")
        }
    }

    static func bytes(of value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}

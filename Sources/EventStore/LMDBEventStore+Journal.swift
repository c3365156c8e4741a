import Foundation
import LMDB
import Synchronization

extension LMDBEventStore {
    /// Puts what the journal of a log holds beyond `data.mdb` into `data.mdb` (one durable transaction),
    /// records the current format, and returns the head after it and where the journal goes on.
    static func recoverJournal(
        _ environment: LMDBEnvironment, _ databases: Databases, path: String, head: Head
    ) throws(EventStoreError) -> (head: Head, found: JournalRecovery.Found) {
        let found = try JournalRecovery.read(directory: path, after: head.sequence, hash: head.hash)
        do {
            try environment.write { transaction in
                try transaction.put(Self.bytes(of: formatVersion), forKey: Array("format".utf8), in: databases.meta)
                try write(
                    JournalGeneration(commits: found.tail.commits, annotations: found.tail.annotations),
                    in: transaction, databases: databases)
            }
        } catch {
            throw .storage(path: path, message: "the journal could not be put into data.mdb: \(error)")
        }
        guard let last = found.last else { return (head, found) }
        return (Head(sequence: last.sequence, hash: last.hash, recordedAt: last.recordedAt), found)
    }

    /// Writes a generation's events (records and stream-index entries) and annotations in `transaction`.
    static func write(_ generation: JournalGeneration, in transaction: LMDBTransaction, databases: Databases) throws {
        for event in generation.events {
            let sequenceKey = BigEndianKey.bytes(event.sequence)
            try transaction.put(event.record, forKey: sequenceKey, in: databases.events, mode: .append)
            let stream = StreamID(event.streamName)
            try transaction.put(
                sequenceKey, forKey: streamIndexKey(stream, event.streamVersion), in: databases.streamIndex,
                mode: .insertOnly)
            if let streams = databases.streams {
                // A log that was of format 1 when this store opened it: its table stays right for this run.
                try transaction.put(
                    BigEndianKey.bytes(event.streamVersion), forKey: Array(event.streamName.utf8), in: streams)
            }
        }
        for annotation in generation.annotations {
            try transaction.put(annotation.value, forKey: annotation.key, in: databases.annotations)
        }
    }

    /// Runs on the writer thread before a commit (and when idle): forgets the sealed generation once its
    /// checkpoint has finished, so that version lookups find it in `data.mdb`.
    func adoptFinishedCheckpoint(_ state: JournalWriterState) {
        guard state.checkpointer.takeFinished() else { return }
        state.sealed = nil
        // Every generation before the active one is in data.mdb now, where lookups find its versions.
        let active = state.journal.generation
        state.recentVersions = state.recentVersions.filter { $0.value.generation == active }
    }

    /// Runs on the writer thread after a commit, and when it falls idle (`idle`): seals the active
    /// generation and hands it to the checkpointer when it is large enough (or the writer is idle) and the
    /// checkpointer is free. Returns whether something is left to checkpoint later.
    ///
    /// The size that seals a generation (``LMDBEventStore/Options/generationBytes``, 4 MiB) is large
    /// enough that LMDB's cost per commit is spread thin, and small enough that a checkpoint's
    /// transaction stays far below LMDB's limit and memory stays bounded.
    @discardableResult
    func sealIfDue(_ state: JournalWriterState, idle: Bool) -> Bool {
        guard state.checkpoints else { return false }
        adoptFinishedCheckpoint(state)
        if state.sealed == nil, !state.active.isEmpty,
            idle || state.active.bytes >= state.generationBytes, state.checkpointer.isIdle
        {
            state.journal.switchFiles()
            state.sealed = state.active
            state.checkpointer.checkpoint(state.active)
            state.active = JournalGeneration()
        }
        return state.sealed != nil || !state.active.isEmpty
    }

    /// At close, once the writer has stopped: puts everything journaled into `data.mdb`, so that the next
    /// open has nothing to recover. Whatever fails stays in the journal, which the next open recovers.
    func checkpointEverything(_ state: JournalWriterState) {
        let checkpointer = state.checkpointer
        if state.checkpoints, checkpointer.waitUntilWritten() {
            adoptFinishedCheckpoint(state)
            if state.sealed == nil, !state.active.isEmpty, state.failure == nil {
                checkpointer.checkpoint(state.active)
                if checkpointer.waitUntilWritten() { state.active = JournalGeneration() }
            }
        }
        checkpointer.stop()
    }

    /// A read-only store's look at the journal files, when they have changed since its last look: what they
    /// hold beyond `data.mdb` now. Every read of a read-only store starts with it, so that it sees what a
    /// writer (in this process or another) has journaled.
    func reloadJournalTail() throws {
        guard isReadOnly else { return }
        let stamp = CommitJournal.fileNames.map { name -> [Int] in
            var status = stat()
            guard stat(path + "/" + name, &status) == 0 else { return [] }
            return [Int(status.st_size), status.st_mtim.tv_sec, status.st_mtim.tv_nsec, Int(status.st_ino)]
        }
        guard journalStamp.withLock({ $0 }) != stamp else { return }
        let (_, found) = try Self.lookAtJournal(environment, databases, path: path)
        journalTail.replace(with: found.tail)
        journalStamp.withLock { $0 = stamp }
    }

    /// What the journal of the log in `path` holds beyond `data.mdb` now, and the head of `data.mdb`, for a
    /// reader of a log that a writer may be checkpointing: the files are read first, then the head (see
    /// ``JournalRecovery/Files``). A writer that checkpointed and reused a file twice in between makes the
    /// journal seem to skip events; a few more looks settle it, and the last one's error stands.
    static func lookAtJournal(_ environment: LMDBEnvironment, _ databases: Databases, path: String)
        throws(EventStoreError) -> (head: Head, found: JournalRecovery.Found)
    {
        var attempt = 1
        while true {
            do {
                let files = try JournalRecovery.Files(directory: path)
                let head = try readHead(environment, databases, path: path)
                let found = try JournalRecovery.continuation(
                    of: files, directory: path, after: head.sequence, hash: head.hash)
                return (head, found)
            } catch {
                guard case .damaged = error, attempt < 4 else { throw error }
                attempt += 1
            }
        }
    }

    /// The journal tail to read with, looked at again first by a read-only store.
    func currentJournalTail() throws -> JournalTail.Contents {
        try reloadJournalTail()
        return journalTail.snapshot()
    }

    /// The journal files of a log as read at one moment, for tools that read `data.mdb` themselves
    /// (`topchef verify`): read it *before* reading `data.mdb` (see ``JournalRecovery/Files``).
    public struct JournalSnapshot {
        private let path: String
        private let files: JournalRecovery.Files

        /// Reads the journal files of the log in `path`.
        public init(path: String) throws {
            self.path = path
            files = try JournalRecovery.Files(directory: path)
        }

        /// Calls `body` with each record the journal holds after event `sequence` (whose hash is `hash`),
        /// in order: events not yet in `data.mdb` (a crash left them in the journal, or a checkpoint has not
        /// put them there yet). Each record given continues the chain.
        /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` when the journal lost acknowledged
        ///   events (see ``JournalRecovery``), or when it goes on after a gap because a writer checkpointed
        ///   and reused its files after the snapshot: read `data.mdb` on and look again.
        public func forEachRecord(
            after sequence: UInt64, hash: [UInt8], _ body: (UInt64, UnsafeRawBufferPointer) throws -> Bool
        ) throws {
            let found = try JournalRecovery.continuation(of: files, directory: path, after: sequence, hash: hash)
            for event in found.tail.events {
                guard try event.record.withUnsafeBytes({ try body(event.sequence, $0) }) else { return }
            }
        }
    }
}

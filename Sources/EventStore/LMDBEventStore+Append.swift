import LMDB
import Synchronization

extension LMDBEventStore {
    /// Appends `events` to `stream` if its version satisfies `expectedVersion`, and returns once they are
    /// durable. Concurrent appends share one commit (see ``GroupCommitWriter``).
    public func append(_ events: [ProposedEvent], to stream: StreamID, expectedVersion: ExpectedVersion)
        async throws -> [RecordedEvent]
    {
        try stream.validate()
        guard !events.isEmpty else { throw EventStoreError.emptyAppend(stream) }
        // Encoded here, on the appender's task, not on the writer thread that every append waits for.
        let prepared = PreparedAppend(stream: stream, expected: expectedVersion, events: events)
        return try await submit(.append(prepared))
    }

    /// Durably stores `value` under `key` in `namespace`, outside the event log: for liveness data such as
    /// service check-ins, which must survive a restart but are not provenance and must not grow the log.
    ///
    /// Throws ``EventStoreError/invalidAnnotation(namespace:reason:)``, before anything is queued, when
    /// the namespace is empty or holds a NUL byte (the separator of namespace and key), or when the two
    /// together are longer than LMDB stores: a key LMDB refuses would fail the whole commit it joined,
    /// and every other request in it.
    public func putAnnotation(namespace: String, key: [UInt8], value: [UInt8]) async throws {
        if namespace.isEmpty { throw EventStoreError.invalidAnnotation(namespace: namespace, reason: "no namespace") }
        if namespace.containsNULByte {
            throw EventStoreError.invalidAnnotation(namespace: namespace, reason: "the namespace contains a NUL byte")
        }
        let storedKey = Self.annotationKey(namespace: namespace, key: key)
        guard storedKey.count <= environment.maximumKeySize else {
            throw EventStoreError.invalidAnnotation(
                namespace: namespace,
                reason: "namespace and key take \(storedKey.count) bytes; at most \(environment.maximumKeySize) fit")
        }
        _ = try await submit(.annotation(key: storedKey, value: value))
    }

    static func annotationKey(namespace: String, key: [UInt8]) -> [UInt8] {
        Array(namespace.utf8) + [0] + key
    }

    private func submit(_ work: GroupCommitWriter.Work) async throws -> [RecordedEvent] {
        guard let writer else {
            throw isReadOnly ? EventStoreError.readOnly(path: path) : EventStoreError.closed
        }
        return try await withUnsafeThrowingContinuation { continuation in
            if !writer.submit(GroupCommitWriter.Request(work: work, continuation: continuation)) {
                continuation.resume(throwing: EventStoreError.closed)
            }
        }
    }

    /// Runs on the writer thread: one journal write and one flush for the whole batch and for whatever else
    /// arrives while it is being stamped (see ``CommitJournal``).
    ///
    /// Why keep taking: an appender resumed by the previous commit usually comes back a few microseconds
    /// later. Committing the moment the queue was first read would leave those for the next commit, and
    /// with many appenders the batches settle into two halves that wait for each other, each appender
    /// paying for two flushes. Taking arrivals until the queue is empty at the moment of committing costs
    /// no waiting (the writer is busy encoding all along) and lets the groups merge.
    func commit(_ batch: [GroupCommitWriter.Request], taken: GroupCommitWriter.Taken) {
        guard let state = journalState else { preconditionFailure("a read-only store has no writer") }
        var batch = batch
        var taken = taken
        if let failure = state.failure {
            for request in batch { request.continuation.resume(throwing: failure) }
            return
        }
        // (A checkpoint that finished is adopted after the commit, in `sealIfDue`: the versions of the
        // generation it wrote stay right in `recentVersions` until then.)
        let start = head.withLock { $0 }
        var results: [Result<[RecordedEvent], any Error>] = []
        var newHead = start
        var writes = BatchWrites()
        do {
            // A read transaction for the versions that are in data.mdb; newer ones are in the generations.
            try environment.read { transaction in
                // This closure may run again after another process grew the map: start from `start` each time.
                results = []
                results.reserveCapacity(batch.count)
                newHead = start
                writes.rollBack(state)
                writes.events.reserveCapacity(batch.count)
                state.journal.discardPending()
                // Never earlier than the last event's: the log's times never go backwards. Requests taken
                // later get a later reading, so that no event is recorded before its command was decided.
                var recordedAt = max(clock(), start.recordedAt)
                var next = 0
                // One cursor for every version lookup of the commit: opening one allocates.
                try transaction.withCursor(on: databases.streamIndex) { streamIndex in
                    while true {
                        if next == batch.count {
                            guard let arrived = writer?.takeQueued(adding: &taken), !arrived.isEmpty else { break }
                            batch.append(contentsOf: arrived)
                            recordedAt = max(clock(), recordedAt)
                        }
                        let request = batch[next]
                        next += 1
                        results.append(
                            try write(
                                request.work, at: recordedAt, head: &newHead, into: &writes, state: state,
                                streamIndex: streamIndex))
                    }
                }
            }
        } catch {
            writes.rollBack(state)
            state.journal.discardPending()
            let failure = EventStoreError.storage(path: path, message: "the commit failed: \(error)")
            for request in batch { request.continuation.resume(throwing: failure) }
            return
        }
        do {
            try state.journal.commit()
        } catch {
            // Nothing is known about what reached the disk: take no more writes (see JournalWriterState).
            writes.rollBack(state)
            state.failure = error
            for request in batch { request.continuation.resume(throwing: error) }
            return
        }
        if !writes.events.isEmpty { state.active.commits.append(writes.events) }
        state.active.annotations.append(contentsOf: writes.annotations)
        state.active.bytes += writes.bytes
        journalTail.append(events: writes.events, annotations: writes.annotations)
        head.withLock { $0 = newHead }
        let committed = results.flatMap { (try? $0.get()) ?? [] }
        if !committed.isEmpty {
            for observer in observers.withLock({ $0 }) { observer(committed) }
            notifier.advance(to: newHead.sequence)
        }
        // Every request taken has exactly one result: an unchecked continuation left unresumed would hang
        // its caller for ever.
        precondition(
            results.count == batch.count, "a commit produced \(results.count) results for \(batch.count) requests")
        for (request, result) in zip(batch, results) { request.continuation.resume(with: result) }
        sealIfDue(state, idle: false)
    }

    /// Journals one request's work after `newHead`, advancing it, and adds it to `writes`. A wrong expected
    /// version is this request's failure, not the commit's; anything LMDB throws fails the commit.
    private func write(
        _ work: GroupCommitWriter.Work, at recordedAt: Timestamp, head newHead: inout Head,
        into writes: inout BatchWrites, state: JournalWriterState, streamIndex: LMDBCursor
    ) throws -> Result<[RecordedEvent], any Error> {
        switch work {
        case .append(let append):
            let key = append.key
            // Journaled versions (this commit's included) first, then data.mdb.
            let journaled = state.recentVersions[key]
            let current = try journaled?.version ?? streamVersion(indexKey: append.indexKey, cursor: streamIndex)
            guard append.expected.isSatisfied(by: current) else {
                return .failure(
                    WrongExpectedVersionError(streamID: append.stream, expected: append.expected, actual: current))
            }
            let recorded = record(
                append, after: current, at: recordedAt, head: &newHead, into: &writes, state: state)
            state.recentVersions[key] = (current + UInt64(recorded.count), state.journal.generation)
            writes.replacedVersions.append((key, journaled))
            return .success(recorded)
        case .annotation(let key, let value):
            // `putAnnotation` refuses such keys before they are queued; a key LMDB refuses that reached the
            // journal would fail every checkpoint after it.
            guard key.count <= environment.maximumKeySize else {
                return .failure(
                    EventStoreError.invalidAnnotation(
                        namespace: "",
                        reason: "the key takes \(key.count) bytes; at most \(environment.maximumKeySize) fit"))
            }
            state.journal.addAnnotation(key: key, value: value)
            writes.annotations.append(JournaledAnnotation(key: key, value: value))
            writes.bytes += key.count + value.count
            return .success([])
        }
    }

    /// Stamps the events of `append` (whose stream is at version `current`) after `head`, advancing it,
    /// journals them, and returns them as recorded.
    private func record(
        _ append: PreparedAppend, after current: UInt64, at recordedAt: Timestamp, head newHead: inout Head,
        into writes: inout BatchWrites, state: JournalWriterState
    ) -> [RecordedEvent] {
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(append.events.count)
        var version = current
        for index in append.events.indices {
            newHead.sequence += 1
            version += 1
            let (stored, hash) = EventRecordCodec.stamp(
                sequence: newHead.sequence, streamField: append.streamField, streamVersion: version,
                body: append.bodies[index], recordedAt: recordedAt, previousHash: newHead.hash)
            state.journal.addEvent(record: stored)
            writes.events.append(
                JournaledEvent(
                    sequence: newHead.sequence, streamName: append.stream.name, streamVersion: version, record: stored))
            writes.bytes += stored.count + 64
            let event = append.events[index]
            recorded.append(
                RecordedEvent(
                    sequence: newHead.sequence, streamID: append.stream, streamVersion: version, type: event.type,
                    typeVersion: event.typeVersion, recordedAt: recordedAt, metadata: event.metadata,
                    payload: event.payload, previousHash: newHead.hash, hash: hash))
            newHead.hash = hash
        }
        newHead.recordedAt = recordedAt
        return recorded
    }
}

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

    /// Runs on the writer thread: one transaction, one durable commit, for the whole batch and for whatever
    /// else arrives while the transaction is being built.
    ///
    /// Why keep taking: an appender resumed by the previous commit usually comes back a few microseconds
    /// later. Committing the moment the queue was first read would leave those for the next commit, and
    /// with many appenders the batches settle into two halves that wait for each other, each appender
    /// paying for two flushes. Taking arrivals until the queue is empty at the moment of committing costs
    /// no waiting (the writer is busy encoding all along) and lets the groups merge.
    func commit(_ batch: [GroupCommitWriter.Request], taken: GroupCommitWriter.Taken) {
        let start = head.withLock { $0 }
        var results: [Result<[RecordedEvent], any Error>] = []
        var newHead = start
        var batch = batch
        var taken = taken
        do {
            try environment.write { transaction in
                // This closure may run again after the map grows, so it starts from `start` each time.
                results = []
                results.reserveCapacity(batch.count)
                newHead = start
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
                                request.work, at: recordedAt, head: &newHead, in: transaction,
                                streamIndex: streamIndex))
                    }
                }
            }
        } catch {
            let failure = EventStoreError.storage(path: path, message: "the commit failed: \(error)")
            for request in batch { request.continuation.resume(throwing: failure) }
            return
        }
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
    }

    /// Writes one request's work in `transaction` after `newHead`, advancing it. A wrong expected version
    /// is this request's failure, not the commit's; anything LMDB throws fails the commit.
    private func write(
        _ work: GroupCommitWriter.Work, at recordedAt: Timestamp, head newHead: inout Head,
        in transaction: LMDBTransaction, streamIndex: LMDBCursor
    ) throws -> Result<[RecordedEvent], any Error> {
        switch work {
        case .append(let append):
            // Read in this transaction, so it includes appends to the stream earlier in the batch.
            let current = try streamVersion(indexKey: append.indexKey, cursor: streamIndex)
            guard append.expected.isSatisfied(by: current) else {
                return .failure(
                    WrongExpectedVersionError(streamID: append.stream, expected: append.expected, actual: current))
            }
            let recorded = try record(append, after: current, at: recordedAt, head: &newHead, in: transaction)
            if let streams = databases.streams {
                // A log of format 1: an older TopChef reads versions from here.
                try transaction.put(
                    BigEndianKey.bytes(current + UInt64(recorded.count)), forKey: Array(append.stream.name.utf8),
                    in: streams)
            }
            return .success(recorded)
        case .annotation(let key, let value):
            try transaction.put(value, forKey: key, in: databases.annotations)
            return .success([])
        }
    }

    /// Writes the events of `append` (whose stream is at version `current`) after `head`, advancing it, and
    /// returns them as recorded.
    private func record(
        _ append: PreparedAppend, after current: UInt64, at recordedAt: Timestamp, head newHead: inout Head,
        in transaction: LMDBTransaction
    ) throws -> [RecordedEvent] {
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(append.events.count)
        var version = current
        // Each event's stream-index key is the appender's prototype with the version overwritten, built in
        // scratch space rather than in a copy of the array.
        try withUnsafeTemporaryAllocation(byteCount: append.indexKey.count, alignment: 1) { key in
            append.indexKey.withUnsafeBytes { key.copyMemory(from: $0) }
            let indexKey = UnsafeRawBufferPointer(key)
            for index in append.events.indices {
                newHead.sequence += 1
                version += 1
                let (stored, hash) = EventRecordCodec.stamp(
                    sequence: newHead.sequence, streamField: append.streamField, streamVersion: version,
                    body: append.bodies[index], recordedAt: recordedAt, previousHash: newHead.hash)
                key.storeBytes(of: version.bigEndian, toByteOffset: key.count - 8, as: UInt64.self)
                try withUnsafeBytes(of: newHead.sequence.bigEndian) { sequenceKey in
                    try transaction.put(stored, forKey: sequenceKey, in: databases.events, mode: .append)
                    try transaction.put(sequenceKey, forKey: indexKey, in: databases.streamIndex, mode: .insertOnly)
                }
                let event = append.events[index]
                recorded.append(
                    RecordedEvent(
                        sequence: newHead.sequence, streamID: append.stream, streamVersion: version, type: event.type,
                        typeVersion: event.typeVersion, recordedAt: recordedAt, metadata: event.metadata,
                        payload: event.payload, previousHash: newHead.hash, hash: hash))
                newHead.hash = hash
            }
        }
        newHead.recordedAt = recordedAt
        return recorded
    }
}

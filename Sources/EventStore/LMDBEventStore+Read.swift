import LMDB

extension LMDBEventStore {
    /// Up to `limit` events from `sequence` on, in order. Reads committed (hence durable) events only.
    public func read(from sequence: UInt64, limit: Int) async throws -> [RecordedEvent] {
        var page: [RecordedEvent] = []
        page.reserveCapacity(min(limit, 4096))
        try forEachEvent(from: sequence) { event in
            page.append(event)
            return page.count < limit
        }
        return page
    }

    /// Calls `body` with each event from `sequence` on, in order, in one read transaction, until it returns
    /// `false`. The fast path for replays and verification; `verifyHashes` recomputes every hash.
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` naming the first record that does not decode.
    public func forEachEvent(
        from sequence: UInt64, verifyHashes: Bool = false, _ body: (RecordedEvent) throws -> Bool
    ) throws {
        try forEachRawRecord(from: sequence) { key, value in
            let event: RecordedEvent
            do {
                event = try EventRecordCodec.decode(value, verifyHash: verifyHashes)
            } catch {
                throw EventStoreError.damaged(path: path, sequence: key, reason: "\(error)")
            }
            return try body(event)
        }
    }

    /// Calls `body` with each event from `sequence` on, read in place (no copies, no hash check), until it
    /// returns `false`: the fastest way through the log, for replays.
    public func forEachEventView(from sequence: UInt64, _ body: (EventRecordView) throws -> Bool) throws {
        try forEachRawRecord(from: sequence) { key, value in
            let view: EventRecordView
            do {
                view = try EventRecordView(value)
            } catch {
                throw EventStoreError.damaged(path: path, sequence: key, reason: "\(error)")
            }
            return try body(view)
        }
    }

    /// Calls `body` with each stored record's key and raw bytes, for tools that check the log itself:
    /// those in `data.mdb`, then those of the journal's tail after them.
    public func forEachRawRecord(
        from sequence: UInt64, _ body: (_ key: UInt64?, _ record: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        // Before the transaction: a checkpoint drops events from the tail only once data.mdb has them.
        let tail = try currentJournalTail()
        var last: UInt64 = 0
        let finished = try environment.read { transaction in
            try transaction.withCursor(on: databases.events) { cursor in
                var goesOn = true
                try cursor.forEach(from: BigEndianKey.bytes(max(sequence, 1))) { key, value in
                    let number = key.count == 8 ? BigEndianKey.uint64(key) : nil
                    if let number { last = number }
                    goesOn = try body(number, value)
                    return goesOn
                }
                return !goesOn
            }
        }
        guard !finished else { return }
        for event in tail.events where event.sequence > last && event.sequence >= sequence {
            guard try event.record.withUnsafeBytes({ try body(event.sequence, $0) }) else { return }
        }
    }

    /// The events of `stream` from `version` on, at most `limit`, each one's hash checked against its content
    /// (a stream's history is provenance read a few events at a time: never served from a changed record).
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` naming a record that does not decode or
    ///   whose hash does not match.
    public func read(stream: StreamID, fromVersion version: UInt64, limit: Int) async throws -> [RecordedEvent] {
        try stream.validate()
        let tail = try currentJournalTail()
        var events = try readFromDataFile(stream: stream, fromVersion: version, limit: limit)
        let next = max(version, (events.last?.streamVersion ?? 0) + 1)
        for event in tail.events where events.count < limit {
            guard event.streamName == stream.name, event.streamVersion >= next else { continue }
            events.append(
                try event.record.withUnsafeBytes { record in
                    do {
                        return try EventRecordCodec.decode(record, verifyHash: true)
                    } catch {
                        throw EventStoreError.damaged(path: path, sequence: event.sequence, reason: "\(error)")
                    }
                })
        }
        return events
    }

    /// ``read(stream:fromVersion:limit:)`` in `data.mdb` only.
    private func readFromDataFile(stream: StreamID, fromVersion version: UInt64, limit: Int) throws -> [RecordedEvent] {
        try environment.read { transaction in
            var sequences: [[UInt8]] = []
            let prefix = Array(stream.name.utf8) + [0]
            try transaction.withCursor(on: databases.streamIndex) { cursor in
                try cursor.forEach(from: Self.streamIndexKey(stream, max(version, 1))) { key, value in
                    guard key.count == prefix.count + 8, key.starts(with: prefix), sequences.count < limit else {
                        return false
                    }
                    sequences.append(Array(value))
                    return true
                }
            }
            return try sequences.map { key in
                let sequence = key.withUnsafeBytes { BigEndianKey.uint64($0) }
                guard
                    let event = try transaction.withValue(
                        in: databases.events, forKey: key,
                        { record in
                            do {
                                return try EventRecordCodec.decode(record, verifyHash: true)
                            } catch {
                                throw EventStoreError.damaged(path: path, sequence: sequence, reason: "\(error)")
                            }
                        })
                else {
                    throw EventStoreError.damaged(
                        path: path, sequence: sequence,
                        reason: "the stream index of \(stream) points at a missing event")
                }
                return event
            }
        }
    }

    /// The current version of `stream` (0 when it has no events).
    public func version(of stream: StreamID) throws -> UInt64 {
        let tail = try currentJournalTail()
        let stored = try environment.read { try streamVersion(of: stream, in: $0) }
        let journaled = tail.events.last { $0.streamName == stream.name }?.streamVersion ?? 0
        return max(stored, journaled)
    }

    /// Every annotation of `namespace`, as key and value.
    public func annotations(namespace: String) throws -> [(key: [UInt8], value: [UInt8])] {
        let prefix = Self.annotationKey(namespace: namespace, key: [])
        while true {
            let tail = try currentJournalTail()
            let departures = journalTail.departureCount
            var found = try environment.read { transaction in
                var found: [(key: [UInt8], value: [UInt8])] = []
                try transaction.withCursor(on: databases.annotations) { cursor in
                    try cursor.forEach(from: prefix) { key, value in
                        guard key.starts(with: prefix) else { return false }
                        found.append((Array(key.dropFirst(prefix.count)), Array(value)))
                        return true
                    }
                }
                return found
            }
            // A checkpoint meanwhile may have put a newer value into data.mdb than the tail taken before it
            // holds: laid over it, the older would win. Look again.
            guard journalTail.departureCount == departures else { continue }
            // The journal's are newer than data.mdb's, and later ones newer than earlier ones.
            for annotation in tail.annotations where annotation.key.starts(with: prefix) {
                let key = Array(annotation.key.dropFirst(prefix.count))
                if let index = found.firstIndex(where: { $0.key == key }) {
                    found[index].value = annotation.value
                } else {
                    found.append((key, annotation.value))
                }
            }
            return found.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        }
    }

    /// Events after `sequence` as they become durable. On a read-only store (another process writes) it
    /// looks for new events every 100 ms.
    public func subscribe(after sequence: UInt64) -> EventSubscription {
        let notifier = self.notifier
        if isReadOnly {
            return EventSubscription(store: self, after: sequence) { [self] _ in
                let goesOn = (try? await Task.sleep(for: .milliseconds(100))) != nil
                try? reloadJournalTail()
                return goesOn
            }
        }
        return EventSubscription(store: self, after: sequence) { position in
            await notifier.wait(after: position)
            return !notifier.isClosed && !Task.isCancelled
        }
    }
}

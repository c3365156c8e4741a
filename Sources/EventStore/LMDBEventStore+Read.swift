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
        try environment.read { transaction in
            try transaction.withCursor(on: databases.events) { cursor in
                try cursor.forEach(from: BigEndianKey.bytes(max(sequence, 1))) { key, value in
                    let event: RecordedEvent
                    do {
                        event = try EventRecordCodec.decode(value, verifyHash: verifyHashes)
                    } catch {
                        throw EventStoreError.damaged(
                            path: path, sequence: BigEndianKey.uint64(key), reason: "\(error)")
                    }
                    return try body(event)
                }
            }
        }
    }

    /// Calls `body` with each event from `sequence` on, read in place (no copies, no hash check), until it
    /// returns `false`: the fastest way through the log, for replays.
    public func forEachEventView(from sequence: UInt64, _ body: (EventRecordView) throws -> Bool) throws {
        try environment.read { transaction in
            try transaction.withCursor(on: databases.events) { cursor in
                try cursor.forEach(from: BigEndianKey.bytes(max(sequence, 1))) { key, value in
                    let view: EventRecordView
                    do {
                        view = try EventRecordView(value)
                    } catch {
                        throw EventStoreError.damaged(
                            path: path, sequence: BigEndianKey.uint64(key), reason: "\(error)")
                    }
                    return try body(view)
                }
            }
        }
    }

    /// Calls `body` with each stored record's key and raw bytes, for tools that check the log itself.
    public func forEachRawRecord(
        from sequence: UInt64, _ body: (_ key: UInt64?, _ record: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try environment.read { transaction in
            try transaction.withCursor(on: databases.events) { cursor in
                try cursor.forEach(from: BigEndianKey.bytes(max(sequence, 1))) { key, value in
                    try body(key.count == 8 ? BigEndianKey.uint64(key) : nil, value)
                }
            }
        }
    }

    /// The events of `stream` from `version` on, at most `limit`, each one's hash checked against its content
    /// (a stream's history is provenance read a few events at a time: never served from a changed record).
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` naming a record that does not decode or
    ///   whose hash does not match.
    public func read(stream: StreamID, fromVersion version: UInt64, limit: Int) async throws -> [RecordedEvent] {
        try stream.validate()
        return try environment.read { transaction in
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
        try environment.read { try streamVersion(of: stream, in: $0) }
    }

    /// Every annotation of `namespace`, as key and value.
    public func annotations(namespace: String) throws -> [(key: [UInt8], value: [UInt8])] {
        let prefix = Self.annotationKey(namespace: namespace, key: [])
        return try environment.read { transaction in
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
    }

    /// Events after `sequence` as they become durable. On a read-only store (another process writes) it
    /// looks for new events every 100 ms.
    public func subscribe(after sequence: UInt64) -> EventSubscription {
        let notifier = self.notifier
        if isReadOnly {
            return EventSubscription(store: self, after: sequence) { _ in
                (try? await Task.sleep(for: .milliseconds(100))) != nil
            }
        }
        return EventSubscription(store: self, after: sequence) { position in
            await notifier.wait(after: position)
            return !notifier.isClosed && !Task.isCancelled
        }
    }
}

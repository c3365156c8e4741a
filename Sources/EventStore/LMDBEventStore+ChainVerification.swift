import LMDB

extension LMDBEventStore {
    /// Calls `body` with every stored record from sequence number 1 on, in order, read in place, until it
    /// returns `false`, while a second thread checks the hash chain of the same records (``ChainCheck``:
    /// contiguous numbers, each record's hash, each previous hash). Nothing damaged is ever passed off as
    /// sound: when a record that `body` received (or the one it failed on) does not check out, this throws
    /// even if `body` went on without noticing.
    ///
    /// `body` may still see a damaged record before the verifier has reached it: what it builds from the
    /// records must be thrown away when this throws. It can stop early when the verifier has found damage.
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` naming the first bad record up to the
    ///   last one `body` took; otherwise what `body` threw.
    public func forEachRecordVerifyingChain(
        _ body: (_ sequence: UInt64, _ record: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        // Before the transaction: a checkpoint drops events from the tail only once data.mdb has them.
        let tail = try currentJournalTail()
        let verifier = ChainVerifier(environment: environment, events: databases.events, path: path)
        // The last record `body` took, or failed on: how far the verifier must have checked.
        var reached: UInt64 = 0
        var stopped = false
        do {
            try environment.read { transaction in
                try transaction.withCursor(on: databases.events) { cursor in
                    try cursor.forEach { key, record in
                        guard key.count == 8, let sequence = BigEndianKey.uint64(key) else {
                            reached += 1
                            throw EventStoreError.damaged(
                                path: path, sequence: reached,
                                reason: "a key of \(key.count) bytes is stored where it should be")
                        }
                        reached = sequence
                        guard try body(sequence, record) else {
                            reached = sequence - 1
                            stopped = true
                            return false
                        }
                        // Damage found at or before a record `body` used: what it builds will be thrown away,
                        // so stop building it. Only after `body` has had the record: a `body` that stops
                        // before it (a replay to an earlier point) must not fail for damage it never used,
                        // however far ahead the verifier has already run.
                        return !verifier.hasFailed(atOrBefore: sequence)
                    }
                }
            }
        } catch {
            // Damage explains most failures of `body` (a payload that does not decode): name it first.
            try verifier.finish(through: reached, in: environment)
            throw error
        }
        try verifier.finish(through: reached, in: environment)
        if !stopped { try forEachJournaledRecordVerifyingChain(tail, after: reached, body) }
    }

    /// The journal tail's part of ``forEachRecordVerifyingChain(_:)``: its events after `reached` (the last
    /// one `data.mdb` gave), each checked before `body` gets it.
    private func forEachJournaledRecordVerifyingChain(
        _ tail: JournalTail.Contents, after reached: UInt64,
        _ body: (_ sequence: UInt64, _ record: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        guard let first = tail.events.firstIndex(where: { $0.sequence > reached }) else { return }
        let lastHash: [UInt8]? =
            reached == 0
            ? EventRecordCodec.genesisHash
            : try environment.read { transaction in
                try transaction.withValue(in: databases.events, forKey: BigEndianKey.bytes(reached)) {
                    Array($0.suffix(32))
                }
            }
        guard let lastHash else {
            throw EventStoreError.damaged(path: path, sequence: reached, reason: "the event is missing")
        }
        var chain = ChainCheck(after: reached, hash: lastHash)
        for event in tail.events[first...] {
            let goesOn = try withUnsafeBytes(of: event.sequence.bigEndian) { key in
                try event.record.withUnsafeBytes { record in
                    if let failure = chain.check(key: key, record: record) {
                        throw EventStoreError.damaged(path: path, sequence: failure.sequence, reason: failure.reason)
                    }
                    return try body(event.sequence, record)
                }
            }
            guard goesOn else { return }
        }
    }

    /// ``forEachRecordVerifyingChain(_:)`` with each record's envelope read in place: the replay of a
    /// server's start, which must not build projections from a log whose chain does not verify.
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` naming the first bad record up to the
    ///   last one `body` took; otherwise what `body` threw.
    public func forEachEventViewVerifyingChain(_ body: (EventRecordView) throws -> Bool) throws {
        try forEachRecordVerifyingChain { sequence, record in
            let view: EventRecordView
            do {
                view = try EventRecordView(record)
            } catch {
                throw EventStoreError.damaged(path: path, sequence: sequence, reason: "\(error)")
            }
            return try body(view)
        }
    }
}

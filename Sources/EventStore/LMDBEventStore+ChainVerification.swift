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
        let verifier = ChainVerifier(environment: environment, events: databases.events, path: path)
        // The last record `body` took, or failed on: how far the verifier must have checked.
        var reached: UInt64 = 0
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
            try verifier.finish(through: reached)
            throw error
        }
        try verifier.finish(through: reached)
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

import EventStore
import Foundation
import LMDB
import TopChefCore

/// Checks a whole log: every sequence number from 1 on is present exactly once, every record decodes and
/// its hash is the hash of its content and of the previous event's hash, every payload decodes into a
/// domain event about the stream it is in, every stream's versions are consecutive from 1, and the
/// per-stream tables agree with the events.
///
/// It reads the LMDB environment directly, read-only, so that it can report exactly where a log is damaged
/// even when the damage keeps the event store from opening it.
public enum LogVerifier {
    /// What went wrong first.
    public struct Failure: Sendable, Hashable, CustomStringConvertible {
        /// The first bad sequence number.
        public var sequence: UInt64
        /// What is wrong with it.
        public var reason: String

        public var description: String { "sequence number \(sequence): \(reason)" }
    }

    /// The outcome of a verification.
    public struct Report: Sendable {
        /// How many events were checked (up to the first failure), in data.mdb and in the journal.
        public var eventCount: Int
        /// How many of them only the journal holds (a crash left them there; the next writable open puts
        /// them into data.mdb).
        public var journaledEventCount = 0
        /// How many streams they belong to.
        public var streamCount: Int
        /// The hash of the last good event, hexadecimal: a fingerprint of the whole log up to it.
        public var headHash: String
        /// The first failure, or nil when the log is sound.
        public var failure: Failure?
        /// How long it took.
        public var duration: Duration

        /// Events checked per second.
        public var eventsPerSecond: Double {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return seconds > 0 ? Double(eventCount) / seconds : 0
        }
    }

    /// How often (in events) `progress` is called.
    public static let progressInterval = 1 << 16

    /// Verifies the log in `directory`. `progress` gets the last sequence number checked every
    /// ``progressInterval`` events.
    /// - Throws: ``ToolError`` when the directory is not a log (a damaged log is a ``Report`` with a failure).
    public static func verify(directory: String, progress: ((UInt64) -> Void)? = nil) throws(ToolError) -> Report {
        do {
            // Opening through the store classifies what is not a log; a damaged log is what we look into.
            // The store is closed again before the environment is opened directly (LMDB forbids opening one
            // environment twice in a process).
            _ = try LMDBEventStore(path: directory, options: .init(readOnly: true))
        } catch EventStoreError.damaged {
            // Verified below, where the first bad event is named. A truncated data.mdb is not: it is refused
            // like anything else that cannot be opened, before the direct open below could write lock.mdb.
        } catch {
            throw ToolError(error)
        }
        do {
            return try LMDBEventStore.withReadOnlyEnvironment(path: directory) {
                try verify($0, directory: directory, progress: progress)
            }
        } catch let error as ToolError {
            throw error
        } catch let error as EventStoreError {
            throw ToolError(error)
        } catch {
            throw ToolError(.failed, "\(directory): \(error)")
        }
    }

    static func verify(_ environment: LMDBEnvironment, directory: String, progress: ((UInt64) -> Void)?) throws
        -> Report
    {
        let clock = ContinuousClock()
        let start = clock.now
        let events = try environment.openDatabase(named: "events", create: false)
        // Logs of format 1 also keep each stream's version in a table of their own; format 2 has none.
        let streamTable = try environment.openDatabaseIfPresent(named: "streams")
        let streamIndex = try environment.openDatabase(named: "stream-index", create: false)
        var expected: UInt64 = 1
        var previousHash = EventRecordCodec.genesisHash
        var streams = StreamVersionTable(capacity: 1 << 16)
        var failure: Failure?
        var journaled = 0
        // data.mdb, then what the journal holds beyond it. A server may be checkpointing meanwhile: the
        // journal is read before each pass over data.mdb, and when it has moved past the end of that pass
        // (what it skips is in data.mdb by then), another pass takes data.mdb from where the last one ended.
        var attempt = 1
        passes: while true {
            let journal = try LMDBEventStore.JournalSnapshot(path: directory)
            try environment.read { transaction in
                try transaction.withCursor(on: events) { cursor in
                    // The first pass from the very first key, so that a stray key before number 1 is seen.
                    try cursor.forEach(from: expected == 1 ? nil : BigEndianKey.bytes(expected)) { key, value in
                        if let problem = check(
                            key: key, record: value, expected: expected, previousHash: &previousHash,
                            streams: &streams)
                        {
                            failure = problem
                            return false
                        }
                        if expected % UInt64(progressInterval) == 0 { progress?(expected) }
                        expected += 1
                        return true
                    }
                }
                let last = expected - 1
                if failure == nil, let streamTable {
                    failure = try checkStreams(transaction, streams: streamTable, versions: streams, last: last)
                }
                if failure == nil {
                    let indexed = try transaction.count(of: streamIndex)
                    if UInt64(indexed) != last {
                        failure = Failure(
                            sequence: last + 1,
                            reason: "the stream index has \(indexed) entries but the log holds \(last) events")
                    }
                }
            }
            guard failure == nil else { break }
            do {
                try journal.forEachRecord(after: expected - 1, hash: previousHash) { sequence, record in
                    let key = BigEndianKey.bytes(sequence)
                    failure = key.withUnsafeBytes {
                        check(
                            key: $0, record: record, expected: expected, previousHash: &previousHash, streams: &streams)
                    }
                    guard failure == nil else { return false }
                    expected += 1
                    journaled += 1
                    return true
                }
                break passes
            } catch let EventStoreError.damaged(_, sequence, reason) {
                if attempt < 4 {
                    attempt += 1
                    continue passes
                }
                failure = Failure(sequence: sequence ?? expected, reason: "in the journal: \(reason)")
                break passes
            }
        }
        return Report(
            eventCount: Int(expected - 1), journaledEventCount: journaled, streamCount: streams.count,
            headHash: previousHash.map { String($0, radix: 16).leftPadded(to: 2) }.joined(), failure: failure,
            duration: clock.now - start)
    }

    /// Checks one stored record; returns what is wrong with it, or nil.
    ///
    /// The record is read in place (``RecordParts``) and hashed where it lies; only a record that fails there
    /// is decoded again with ``EventRecordCodec``, for the exact reason it is bad.
    private static func check(
        key: UnsafeRawBufferPointer, record: UnsafeRawBufferPointer, expected: UInt64, previousHash: inout [UInt8],
        streams: inout StreamVersionTable
    ) -> Failure? {
        guard let sequence = BigEndianKey.uint64(key), key.count == 8 else {
            return Failure(sequence: expected, reason: "a key of \(key.count) bytes is stored where it should be")
        }
        if sequence != expected {
            let missing = sequence - expected
            return Failure(
                sequence: expected,
                reason: missing == 1
                    ? "the event is missing (the log goes from \(expected - 1) to \(sequence))"
                    : "\(missing) events are missing (the log goes from \(expected - 1) to \(sequence))")
        }
        guard let parts = RecordParts(record), parts.stringsAreASCII, EventRecordCodec.hashMatches(record) else {
            // The slow path names what is wrong; a record it accepts (non-ASCII strings) is checked on below.
            do {
                _ = try EventRecordCodec.decode(record, verifyHash: true)
            } catch {
                return Failure(sequence: sequence, reason: error.description)
            }
            guard let parts = RecordParts(record) else {
                return Failure(sequence: sequence, reason: "the record does not decode")
            }
            return check(parts, sequence: sequence, previousHash: &previousHash, streams: &streams)
        }
        return check(parts, sequence: sequence, previousHash: &previousHash, streams: &streams)
    }

    /// The checks of a record that decodes and whose hash is right.
    private static func check(
        _ parts: RecordParts, sequence: UInt64, previousHash: inout [UInt8], streams: inout StreamVersionTable
    ) -> Failure? {
        guard parts.sequence == sequence else {
            return Failure(sequence: sequence, reason: "the record says it is number \(parts.sequence)")
        }
        let chained = previousHash.withUnsafeBytes { memcmp($0.baseAddress!, parts.previousHash.baseAddress!, 32) == 0 }
        guard chained else {
            return Failure(
                sequence: sequence,
                reason: sequence == 1
                    ? "its previous hash is not the genesis hash"
                    : "its previous hash is not the hash of event \(sequence - 1): the chain is broken")
        }
        previousHash.withUnsafeMutableBytes { $0.copyMemory(from: parts.hash) }
        let domainEvent: DomainEvent
        do {
            domainEvent = try parts.decode()
        } catch {
            return Failure(sequence: sequence, reason: "its \(parts.typeName) payload does not decode: \(error.reason)")
        }
        guard InvariantChecker.streamMatches(parts.streamID, domainEvent) else {
            return Failure(
                sequence: sequence,
                reason: "it is about \(domainEvent.subjectID.lowercasedString) but stored in stream \(parts.stream)")
        }
        let current = streams.version(of: parts.streamID)
        guard parts.streamVersion == current + 1 else {
            return Failure(
                sequence: sequence,
                reason: "stream \(parts.stream) goes from version \(current) to \(parts.streamVersion)")
        }
        streams.setVersion(parts.streamVersion, of: parts.streamID)
        return nil
    }

    /// Every stream's stored version must be the number of its events in the log.
    private static func checkStreams(
        _ transaction: LMDBTransaction, streams: LMDBDatabase, versions: StreamVersionTable, last: UInt64
    ) throws -> Failure? {
        var seen = 0
        var failure: Failure?
        try transaction.withCursor(on: streams) { cursor in
            try cursor.forEach { key, value in
                let stored = BigEndianKey.uint64(value) ?? 0
                let found = versions.version(of: key)
                if stored != found {
                    let name = String(decoding: key, as: UTF8.self)
                    failure = Failure(
                        sequence: last + 1,
                        reason: "stream \(name) is at version \(stored) but the log holds \(found) of its events "
                            + "(events after sequence number \(last) are missing)")
                    return false
                }
                seen += 1
                return true
            }
        }
        if failure == nil, seen != versions.count {
            failure = Failure(
                sequence: last + 1,
                reason: "the log has events in \(versions.count) streams but the stream table lists \(seen)")
        }
        return failure
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

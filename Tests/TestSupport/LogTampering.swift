import EventStore
import LMDB

/// Damages a closed log on disk the way a bad disk, a stray tool or a forger would, through raw LMDB, so
/// that tests can check that nothing built on the log passes the damage off as sound.
public enum LogTampering {
    /// What a tampering test asked for and did not find.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Changes the stored record of event `sequence` with `change` (the log must be closed).
    public static func change(_ directory: String, sequence: UInt64, _ change: (inout [UInt8]) throws -> Void) throws {
        let environment = try LMDBEnvironment(path: directory)
        let events = try environment.openDatabase(named: "events", create: false)
        try environment.write { transaction in
            guard var record = try transaction.value(in: events, forKey: BigEndianKey.bytes(sequence)) else {
                throw Failure(description: "\(directory) has no event \(sequence)")
            }
            try change(&record)
            try transaction.put(record, forKey: BigEndianKey.bytes(sequence), in: events)
        }
    }

    /// Replaces the first `text` in event `sequence`'s record (a job's parameters, say) with `replacement`,
    /// of the same length, as a byte search over `data.mdb` and an edit would: the record still decodes,
    /// only its hash gives it away.
    public static func replace(_ text: String, with replacement: String, in directory: String, sequence: UInt64) throws
    {
        let old = Array(text.utf8)
        let new = Array(replacement.utf8)
        guard old.count == new.count, old != new else {
            throw Failure(description: "replace \(text) with text of the same length, not \(replacement)")
        }
        try change(directory, sequence: sequence) { record in
            guard let start = record.indices.first(where: { record[$0...].starts(with: old) }) else {
                throw Failure(description: "event \(sequence) does not contain \(text)")
            }
            record.replaceSubrange(start..<start + old.count, with: new)
        }
    }

    /// Rewrites event `sequence` with `previousHash` in place of its own and a hash that matches its new
    /// content, as a forger would: the record checks out alone, and only the chain shows the break.
    public static func relink(_ directory: String, sequence: UInt64, previousHash: [UInt8]) throws {
        try change(directory, sequence: sequence) { record in
            let event = try record.withUnsafeBytes { try EventRecordCodec.decode($0, verifyHash: true) }
            let forged = EventRecordCodec.encode(
                sequence: sequence, streamID: event.streamID, streamVersion: event.streamVersion,
                event: ProposedEvent(
                    type: event.type, typeVersion: event.typeVersion, payload: event.payload, metadata: event.metadata),
                recordedAt: event.recordedAt, previousHash: previousHash)
            guard forged.record.count == record.count else {
                throw Failure(description: "event \(sequence) did not re-encode to its own length")
            }
            record = forged.record
        }
    }
}

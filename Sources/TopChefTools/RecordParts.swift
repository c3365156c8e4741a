import EventStore
import Foundation
import TopChefCore

/// Every field of a stored record (format 1, see ``EventRecordCodec``), read in place from LMDB's memory
/// map without copying: valid only inside the closure that received the record.
///
/// Exports and verification read millions of records; this costs no allocation where
/// ``EventRecordCodec/decode(_:verifyHash:)`` builds a ``RecordedEvent`` of strings and arrays. It checks
/// the structure only (not the hash, nor that the strings are UTF-8): whoever needs the exact reason a record
/// is bad decodes it again with ``EventRecordCodec``.
struct RecordParts {
    /// The whole record.
    let record: UnsafeRawBufferPointer
    /// The global position.
    let sequence: UInt64
    /// The stream id's UTF-8 bytes.
    let streamID: UnsafeRawBufferPointer
    /// The position in its stream.
    let streamVersion: UInt64
    /// The type name's UTF-8 bytes.
    let type: UnsafeRawBufferPointer
    /// The version of the type's payload schema.
    let typeVersion: UInt16
    /// When it was recorded.
    let recordedAt: Timestamp
    /// The metadata strings, when present.
    let requestID: UnsafeRawBufferPointer?
    let idempotencyKey: UnsafeRawBufferPointer?
    let actor: UnsafeRawBufferPointer?
    /// The payload's bytes.
    let payload: UnsafeRawBufferPointer
    /// The hash of the previous event (32 bytes).
    let previousHash: UnsafeRawBufferPointer
    /// This record's hash (32 bytes): SHA-256 of ``hashedBytes``.
    let hash: UnsafeRawBufferPointer

    /// The bytes the hash covers: everything before it.
    var hashedBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: record[0..<record.count - 32])
    }

    /// Reads a record's fields; nil when it is not a well-formed format 1 record.
    init?(_ record: UnsafeRawBufferPointer) {
        self.record = record
        var reader = BinaryReader(record)
        do {
            guard try reader.readByte() == EventRecordCodec.recordFormat else { return nil }
            sequence = try reader.readVarint()
            streamID = try reader.readBytesInPlace()
            streamVersion = try reader.readVarint()
            type = try reader.readBytesInPlace()
            let version = try reader.readVarint()
            guard version <= UInt64(UInt16.max) else { return nil }
            typeVersion = UInt16(version)
            recordedAt = Timestamp(microsecondsSinceEpoch: try reader.readSigned())
            requestID = try Self.optional(&reader)
            idempotencyKey = try Self.optional(&reader)
            actor = try Self.optional(&reader)
            payload = try reader.readBytesInPlace()
            previousHash = try reader.readRaw(count: 32)
            hash = try reader.readRaw(count: 32)
            guard reader.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }

    private static func optional(_ reader: inout BinaryReader) throws(BinaryDecodingError) -> UnsafeRawBufferPointer? {
        switch try reader.readByte() {
        case 0: return nil
        case 1: return try reader.readBytesInPlace()
        default: throw BinaryDecodingError(offset: reader.offset - 1, reason: "presence byte")
        }
    }

    /// `true` when every string of the envelope is ASCII (so certainly valid UTF-8), as TopChef writes them.
    var stringsAreASCII: Bool {
        Self.isASCII(streamID) && Self.isASCII(type) && (requestID.map(Self.isASCII) ?? true)
            && (idempotencyKey.map(Self.isASCII) ?? true) && (actor.map(Self.isASCII) ?? true)
    }

    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var combined: UInt8 = 0
        for byte in bytes { combined |= byte }
        return combined < 0x80
    }

    /// `true` when the type name is `name`.
    func hasType(_ name: StaticString) -> Bool {
        type.count == name.utf8CodeUnitCount
            && (type.count == 0 || memcmp(type.baseAddress!, name.utf8Start, type.count) == 0)
    }

    /// The type name, without allocating for the domain's own types.
    var typeName: String {
        if hasType("JobStatusChanged") { return "JobStatusChanged" }
        if hasType("JobSubmitted") { return "JobSubmitted" }
        if hasType("JobResultsRecorded") { return "JobResultsRecorded" }
        if hasType("ServiceRegistered") { return "ServiceRegistered" }
        if hasType("ServiceUpdated") { return "ServiceUpdated" }
        return String(decoding: type, as: UTF8.self)
    }

    /// The payload decoded into a domain event.
    func decode() throws(DomainEventDecodingError) -> DomainEvent {
        try DomainEventCodec.decode(type: typeName, version: typeVersion, payload: payload, sequence: sequence)
    }

    /// The envelope's stream as a ``StreamID`` (allocates: for messages and the rare slow path).
    var stream: StreamID { StreamID(String(decoding: streamID, as: UTF8.self)) }
}

internal import Crypto

/// The stored form of an event (format 1) and its hash.
///
/// ```
/// u8      record format (1)
/// varint  sequence
/// string  stream id
/// varint  stream version
/// string  type
/// varint  type version
/// zigzag  recorded-at (µs since epoch)
/// opt str request id, idempotency key, actor
/// bytes   payload
/// 32 B    previous hash
/// 32 B    hash = SHA-256 of every byte above
/// ```
public enum EventRecordCodec {
    /// The record format this code writes.
    public static let recordFormat: UInt8 = 1
    /// The previous hash of the first event.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// Encodes an event; the hash is computed over the encoding, so `event.hash` is ignored and returned.
    public static func encode(
        sequence: UInt64, streamID: StreamID, streamVersion: UInt64, event: ProposedEvent,
        recordedAt: Timestamp, previousHash: [UInt8]
    ) -> (record: [UInt8], hash: [UInt8]) {
        stamp(
            sequence: sequence, streamField: streamField(streamID), streamVersion: streamVersion,
            body: EventRecordBody(event), recordedAt: recordedAt, previousHash: previousHash)
    }

    /// The stream id as a record stores it (length, then UTF-8), encoded once per append.
    static func streamField(_ streamID: StreamID) -> [UInt8] {
        var writer = BinaryWriter(capacity: streamID.name.utf8.count + 2)
        writer.write(string: streamID.name)
        return writer.bytes
    }

    /// Completes a record from the parts encoded ahead (`streamField`, `body`) and the fields that depend
    /// on the event's place in the log, and hashes it. The only encoding the writer thread does.
    static func stamp(
        sequence: UInt64, streamField: [UInt8], streamVersion: UInt64, body: EventRecordBody,
        recordedAt: Timestamp, previousHash: [UInt8]
    ) -> (record: [UInt8], hash: [UInt8]) {
        // Room for the parts, three varints of at most 10 bytes, the format byte and the hash.
        var writer = BinaryWriter(capacity: streamField.count + body.bytes.count + previousHash.count + 64)
        writer.write(byte: recordFormat)
        writer.write(varint: sequence)
        writer.write(raw: streamField)
        writer.write(varint: streamVersion)
        writer.write(raw: body.bytes[..<body.recordedAtOffset])
        writer.write(signed: recordedAt.microsecondsSinceEpoch)
        writer.write(raw: body.bytes[body.recordedAtOffset...])
        writer.write(raw: previousHash)
        // Copied out through its buffer: `Array(digest)` goes through the digest's `Sequence` conformance,
        // which does not know the count and grows its array three times, on the writer thread.
        let hash = SHA256.hash(data: writer.bytes).withUnsafeBytes { [UInt8]($0) }
        writer.write(raw: hash)
        return (writer.bytes, hash)
    }

    /// `true` when the last 32 bytes of `record` are the SHA-256 of the bytes before them: the stored hash
    /// of a record is right. Hashes in place (no copy), for verifying millions of records.
    public static func hashMatches(_ record: UnsafeRawBufferPointer) -> Bool {
        guard record.count >= 32 else { return false }
        let hashed = record.count - 32
        let digest = SHA256.hash(data: UnsafeRawBufferPointer(rebasing: record[0..<hashed]))
        // memcmp, not `elementsEqual`: a generic walk byte by byte showed in profiles of a verified replay.
        return digest.withUnsafeBytes { computed in
            memcmp(computed.baseAddress!, record.baseAddress! + hashed, 32) == 0
        }
    }

    /// Decodes a stored record. With `verifyHash`, also recomputes the hash and compares it.
    public static func decode(_ record: UnsafeRawBufferPointer, verifyHash: Bool) throws(EventRecordError)
        -> RecordedEvent
    {
        do {
            var reader = BinaryReader(record)
            let format = try reader.readByte()
            guard format == recordFormat else { throw EventRecordError.unknownRecordFormat(format) }
            let sequence = try reader.readVarint()
            let streamID = StreamID(try reader.readString())
            let streamVersion = try reader.readVarint()
            let type = try reader.readString()
            let typeVersion = try reader.readVarint()
            guard typeVersion <= UInt64(UInt16.max) else {
                throw EventRecordError.malformed(BinaryDecodingError(offset: reader.offset, reason: "type version"))
            }
            let recordedAt = Timestamp(microsecondsSinceEpoch: try reader.readSigned())
            let metadata = EventMetadata(
                requestID: try reader.readOptionalString(),
                idempotencyKey: try reader.readOptionalString(),
                actor: try reader.readOptionalString())
            let payload = try reader.readBytes()
            let hashedCount = reader.offset + 32
            let previousHash = Array(try reader.readRaw(count: 32))
            let hash = Array(try reader.readRaw(count: 32))
            guard reader.isAtEnd else {
                throw EventRecordError.malformed(BinaryDecodingError(offset: reader.offset, reason: "trailing bytes"))
            }
            if verifyHash {
                let computed = SHA256.hash(data: UnsafeRawBufferPointer(rebasing: record[0..<hashedCount]))
                guard computed.withUnsafeBytes({ $0.elementsEqual(hash) }) else { throw EventRecordError.hashMismatch }
            }
            return RecordedEvent(
                sequence: sequence, streamID: streamID, streamVersion: streamVersion, type: type,
                typeVersion: UInt16(typeVersion), recordedAt: recordedAt, metadata: metadata, payload: payload,
                previousHash: previousHash, hash: hash)
        } catch let error as BinaryDecodingError {
            throw .malformed(error)
        } catch let error as EventRecordError {
            throw error
        } catch {
            throw .malformed(BinaryDecodingError(offset: 0, reason: "\(error)"))
        }
    }
}

/// A stored record that cannot be trusted.
public enum EventRecordError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The record does not decode.
    case malformed(BinaryDecodingError)
    /// The record's first byte names a format this code does not know.
    case unknownRecordFormat(UInt8)
    /// The stored hash is not the hash of the record.
    case hashMismatch

    public var description: String {
        switch self {
        case .malformed(let error): "the record does not decode: \(error)"
        case .unknownRecordFormat(let format): "unknown record format \(format)"
        case .hashMismatch: "its hash does not match its content"
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stored event read in place, without copying: valid only inside the closure that receives it.
///
/// Replays of millions of events use this instead of ``RecordedEvent`` so that decoding an envelope costs
/// no allocation; the payload is decoded straight from LMDB's memory map.
public struct EventRecordView {
    /// The global position.
    public let sequence: UInt64
    /// The position in its stream.
    public let streamVersion: UInt64
    /// The stream id's UTF-8 bytes.
    public let streamID: UnsafeRawBufferPointer
    /// The type name's UTF-8 bytes.
    public let type: UnsafeRawBufferPointer
    /// The version of the type's payload schema.
    public let typeVersion: UInt16
    /// When it was recorded.
    public let recordedAt: Timestamp
    /// The payload's bytes.
    public let payload: UnsafeRawBufferPointer

    /// `true` when the type name is `name`.
    public func hasType(_ name: StaticString) -> Bool {
        type.count == name.utf8CodeUnitCount
            && memcmp(type.baseAddress!, name.utf8Start, type.count) == 0
    }

    /// Reads the envelope of a stored record (format 1) without checking its hash.
    public init(_ record: UnsafeRawBufferPointer) throws(EventRecordError) {
        do {
            var reader = BinaryReader(record)
            let format = try reader.readByte()
            guard format == EventRecordCodec.recordFormat else { throw EventRecordError.unknownRecordFormat(format) }
            sequence = try reader.readVarint()
            streamID = try reader.readBytesInPlace()
            streamVersion = try reader.readVarint()
            type = try reader.readBytesInPlace()
            let version = try reader.readVarint()
            guard version <= UInt64(UInt16.max) else {
                throw EventRecordError.malformed(BinaryDecodingError(offset: reader.offset, reason: "type version"))
            }
            typeVersion = UInt16(version)
            recordedAt = Timestamp(microsecondsSinceEpoch: try reader.readSigned())
            // Skip the metadata: three optional strings.
            for _ in 0..<3 {
                if try reader.readByte() == 1 { _ = try reader.readBytesInPlace() }
            }
            payload = try reader.readBytesInPlace()
        } catch let error as EventRecordError {
            throw error
        } catch let error as BinaryDecodingError {
            throw .malformed(error)
        } catch {
            throw .malformed(BinaryDecodingError(offset: 0, reason: "\(error)"))
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

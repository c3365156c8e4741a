import EventStore
import Testing

struct EventRecordCodecTests {
    /// The record format up to the hash, written field by field as the codec's documentation lays it out:
    /// the reference that the writer's stamping of pre-encoded parts must reproduce byte for byte.
    func referenceRecord(
        sequence: UInt64, streamID: StreamID, streamVersion: UInt64, event: ProposedEvent, recordedAt: Timestamp,
        previousHash: [UInt8]
    ) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(byte: 1)
        writer.write(varint: sequence)
        writer.write(string: streamID.name)
        writer.write(varint: streamVersion)
        writer.write(string: event.type)
        writer.write(varint: UInt64(event.typeVersion))
        writer.write(signed: recordedAt.microsecondsSinceEpoch)
        writer.write(optionalString: event.metadata.requestID)
        writer.write(optionalString: event.metadata.idempotencyKey)
        writer.write(optionalString: event.metadata.actor)
        writer.write(bytes: event.payload)
        writer.write(raw: previousHash)
        return writer.bytes
    }

    @Test(arguments: [
        (UInt64(1), UInt64(1), Int64(0)),
        (127, 128, -1),
        (1 << 35, 300, 1_764_000_000_000_000),
        (UInt64.max, UInt64.max, Int64.min),
    ])
    func encodingMatchesTheDocumentedLayoutByteForByte(sequence: UInt64, version: UInt64, time: Int64) throws {
        let events = [
            ProposedEvent(type: "JobSubmitted", payload: Array(#"{"a":1}"#.utf8)),
            ProposedEvent(
                type: "T", typeVersion: 300, payload: [UInt8](repeating: 7, count: 200),
                metadata: EventMetadata(requestID: "r", idempotencyKey: "ключ", actor: "svc")),
            ProposedEvent(type: "", payload: []),
        ]
        let previous = (0..<32).map { UInt8($0) }
        for event in events {
            let stream = StreamID("job-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
            let at = Timestamp(microsecondsSinceEpoch: time)
            let (record, hash) = EventRecordCodec.encode(
                sequence: sequence, streamID: stream, streamVersion: version, event: event, recordedAt: at,
                previousHash: previous)
            let expected = referenceRecord(
                sequence: sequence, streamID: stream, streamVersion: version, event: event, recordedAt: at,
                previousHash: previous)
            #expect(Array(record.dropLast(32)) == expected)
            #expect(hash == Array(record.suffix(32)))
            // Verifying the hash checks that it is the SHA-256 of the bytes before it.
            let decoded = try record.withUnsafeBytes { try EventRecordCodec.decode($0, verifyHash: true) }
            #expect(decoded.sequence == sequence && decoded.streamVersion == version && decoded.recordedAt == at)
            #expect(decoded.type == event.type && decoded.typeVersion == event.typeVersion)
            #expect(decoded.metadata == event.metadata && decoded.payload == event.payload)
        }
    }
}

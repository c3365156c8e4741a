/// The part of an event's record that does not depend on where the event lands in the log: its type,
/// type version, metadata and payload, encoded by the appender before it queues the append, so that the
/// single writer thread only stamps the sequence number, stream version and time, and hashes.
struct EventRecordBody: Sendable {
    /// Type and type version, then metadata and payload, as ``EventRecordCodec`` lays them out.
    let bytes: [UInt8]
    /// Where the recorded-at time goes: between the type version and the metadata.
    let recordedAtOffset: Int

    /// Encodes the position-independent fields of `event`.
    init(_ event: ProposedEvent) {
        // Every part's size, plus at most 10 bytes for each length and the type version and 3 presence
        // bytes: one allocation.
        let metadata = event.metadata
        let metadataCount =
            (metadata.requestID?.utf8.count ?? 0) + (metadata.idempotencyKey?.utf8.count ?? 0)
            + (metadata.actor?.utf8.count ?? 0)
        var writer = BinaryWriter(capacity: event.payload.count + event.type.utf8.count + metadataCount + 64)
        writer.write(string: event.type)
        writer.write(varint: UInt64(event.typeVersion))
        recordedAtOffset = writer.bytes.count
        writer.write(optionalString: event.metadata.requestID)
        writer.write(optionalString: event.metadata.idempotencyKey)
        writer.write(optionalString: event.metadata.actor)
        writer.write(bytes: event.payload)
        bytes = writer.bytes
    }
}

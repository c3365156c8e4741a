/// An append with everything encoded that does not depend on the log's state (the stream field, the
/// stream-index key's prefix and every event's ``EventRecordBody``), built on the appender's task, so that
/// the writer thread, which every append waits for, does as little as possible. A class, so that the
/// writer's queue and batches move one reference per append, not a retain per array.
final class PreparedAppend: Sendable {
    let stream: StreamID
    /// The stream id with its hash, for the writer's dictionaries.
    let key: StreamKey
    let expected: ExpectedVersion
    let events: [ProposedEvent]
    let bodies: [EventRecordBody]
    /// The stream id as records store it.
    let streamField: [UInt8]
    /// The stream-index key of this stream's version 0 (stream id, NUL, 8 zero bytes); the writer copies
    /// it once and overwrites the version for each event.
    let indexKey: [UInt8]

    init(stream: StreamID, expected: ExpectedVersion, events: [ProposedEvent]) {
        self.stream = stream
        key = StreamKey(stream.name)
        self.expected = expected
        self.events = events
        bodies = events.map(EventRecordBody.init)
        streamField = EventRecordCodec.streamField(stream)
        indexKey = LMDBEventStore.streamIndexKey(stream, 0)
    }
}

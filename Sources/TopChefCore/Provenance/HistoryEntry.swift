public import EventStore

/// One event in the story of a job or a service, with its place in the log and the time since the step
/// before it.
public struct HistoryEntry: Sendable, Hashable {
    /// The event's global sequence number.
    public var sequence: UInt64
    /// Its version in its stream (1 for the first event of the job or service).
    public var streamVersion: UInt64
    /// When it became durable.
    public var recordedAt: Timestamp
    /// Who and what caused it.
    public var metadata: EventMetadata
    /// The fact itself.
    public var event: DomainEvent
    /// Microseconds from the previous entry's time to this one's (nil for the first entry).
    public var microsecondsSincePrevious: Int64?
    /// Microseconds from the first entry's time to this one's.
    public var microsecondsSinceStart: Int64

    /// When the fact happened.
    public var time: Timestamp { event.time }

    /// Turns recorded events (of one stream, in order) into entries with the times between them.
    /// - Throws: ``DomainEventDecodingError`` for an event that does not decode.
    static func entries(_ events: [RecordedEvent]) throws(DomainEventDecodingError) -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        entries.reserveCapacity(events.count)
        for recorded in events {
            let event = try DomainEventCodec.decode(recorded)
            let previous = entries.last?.time
            let start = entries.first?.time ?? event.time
            entries.append(
                HistoryEntry(
                    sequence: recorded.sequence, streamVersion: recorded.streamVersion,
                    recordedAt: recorded.recordedAt, metadata: recorded.metadata, event: event,
                    microsecondsSincePrevious: previous.map {
                        event.time.microsecondsSinceEpoch - $0.microsecondsSinceEpoch
                    },
                    microsecondsSinceStart: event.time.microsecondsSinceEpoch - start.microsecondsSinceEpoch))
        }
        return entries
    }
}

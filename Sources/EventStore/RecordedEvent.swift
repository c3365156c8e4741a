/// An event as stored: its envelope, its payload and its place in the hash chain.
public struct RecordedEvent: Sendable, Hashable {
    /// The global position, gap-free from 1.
    public var sequence: UInt64
    /// The stream it belongs to.
    public var streamID: StreamID
    /// Its position in its stream, from 1.
    public var streamVersion: UInt64
    /// The event's type name.
    public var type: String
    /// The version of the type's payload schema.
    public var typeVersion: UInt16
    /// When the store recorded it (UTC, microseconds).
    public var recordedAt: Timestamp
    /// Who and what caused it.
    public var metadata: EventMetadata
    /// The encoded payload.
    public var payload: [UInt8]
    /// The hash of the event before it (32 zero bytes for the first event).
    public var previousHash: [UInt8]
    /// SHA-256 over this event's envelope, payload and ``previousHash``.
    public var hash: [UInt8]

    /// An event with every field given; stores create these, tests may too.
    public init(
        sequence: UInt64, streamID: StreamID, streamVersion: UInt64, type: String, typeVersion: UInt16,
        recordedAt: Timestamp, metadata: EventMetadata, payload: [UInt8], previousHash: [UInt8], hash: [UInt8]
    ) {
        self.sequence = sequence
        self.streamID = streamID
        self.streamVersion = streamVersion
        self.type = type
        self.typeVersion = typeVersion
        self.recordedAt = recordedAt
        self.metadata = metadata
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// An event about to be appended: everything but what the store assigns (position, time, hash).
public struct ProposedEvent: Sendable, Hashable {
    /// The event's type name, in the past tense, e.g. `JobSubmitted`.
    public var type: String
    /// The version of the type's payload schema, so that old payloads can be upcast on read.
    public var typeVersion: UInt16
    /// The encoded payload; the store never looks inside.
    public var payload: [UInt8]
    /// Who and what caused it.
    public var metadata: EventMetadata

    /// An event of `type` (version `typeVersion`) with `payload`.
    public init(type: String, typeVersion: UInt16 = 1, payload: [UInt8], metadata: EventMetadata = .none) {
        self.type = type
        self.typeVersion = typeVersion
        self.payload = payload
        self.metadata = metadata
    }
}

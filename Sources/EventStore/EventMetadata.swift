/// Who and what caused an event: stored with it, covered by the hash chain, never interpreted by the store.
public struct EventMetadata: Sendable, Hashable {
    /// The id of the request that caused the event (the HTTP request id).
    public var requestID: String?
    /// The client's idempotency key, when it sent one.
    public var idempotencyKey: String?
    /// The authenticated client, once authentication exists.
    public var actor: String?

    /// Metadata with the given parts.
    public init(requestID: String? = nil, idempotencyKey: String? = nil, actor: String? = nil) {
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
        self.actor = actor
    }

    /// No metadata.
    public static let none = EventMetadata()
}

/// An append-only log of events: a global, gap-free sequence and per-stream versions.
///
/// The LMDB implementation is ``LMDBEventStore``; the protocol is shaped so that a PostgreSQL store
/// (several servers sharing one log) can implement it too: every read is by position, every append checks
/// an expected version, and readers see a gap-free order.
public protocol EventStore: AnyObject, Sendable {
    /// Appends `events` to `stream` atomically if the stream's version satisfies `expectedVersion`.
    /// Returns once the events are durable, with their assigned positions.
    /// - Throws: ``WrongExpectedVersionError`` when the stream is at another version (nothing is appended).
    func append(_ events: [ProposedEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws
        -> [RecordedEvent]

    /// Up to `limit` events with a sequence number of at least `sequence`, in order.
    func read(from sequence: UInt64, limit: Int) async throws -> [RecordedEvent]

    /// The events of one stream from `version` (1 = the first), in order, at most `limit`.
    func read(stream: StreamID, fromVersion version: UInt64, limit: Int) async throws -> [RecordedEvent]

    /// The sequence number of the last durable event (0 when the log is empty).
    var lastSequence: UInt64 { get }

    /// Events after `sequence` as they become durable, without end: for projections and live streams.
    func subscribe(after sequence: UInt64) -> EventSubscription
}

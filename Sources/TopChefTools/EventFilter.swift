public import EventStore
import Foundation
public import TopChefCore

/// Which events `topchef log` shows.
public struct EventFilter: Sendable {
    /// The first sequence number.
    public var from: UInt64
    /// The last sequence number, if any.
    public var to: UInt64?
    /// Only this stream: a full stream name (`job-…`), or a job's or service's id.
    public var stream: String?
    /// Only this event type (case-insensitive).
    public var type: String?
    /// Only events recorded at or after this time.
    public var since: Timestamp?

    private let streamNames: Set<String>

    /// A filter; nil parts do not filter.
    public init(
        from: UInt64 = 1, to: UInt64? = nil, stream: String? = nil, type: String? = nil, since: Timestamp? = nil
    ) {
        self.from = from
        self.to = to
        self.stream = stream
        self.type = type
        self.since = since
        if let stream {
            if let id = UUID(uuidString: stream) {
                streamNames = [StreamID.job(id).name, StreamID.service(id).name]
            } else {
                streamNames = [stream]
            }
        } else {
            streamNames = []
        }
    }

    /// `true` when `event` passes.
    public func matches(_ event: RecordedEvent) -> Bool {
        if event.sequence < from { return false }
        if let to, event.sequence > to { return false }
        if stream != nil, !streamNames.contains(event.streamID.name) { return false }
        if let type, event.type.caseInsensitiveCompare(type) != .orderedSame { return false }
        if let since, event.recordedAt < since { return false }
        return true
    }

    /// Calls `body` with every event of `store` that passes, in order.
    public func forEach(in store: LMDBEventStore, _ body: (RecordedEvent, DomainEvent) throws -> Void) throws {
        try store.forEachEvent(from: from) { recorded in
            if let to, recorded.sequence > to { return false }
            guard matches(recorded) else { return true }
            try body(recorded, try DomainEventCodec.decode(recorded))
            return true
        }
    }
}

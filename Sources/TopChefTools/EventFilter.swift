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
    /// - Throws: ``ToolError`` of kind `invalidArgument` for a stream that is neither an id (in any spelling
    ///   the HTTP API accepts) nor `job-<id>` / `service-<id>`, and for a type that is no event type: a
    ///   filter that can match nothing is a typo, and printing nothing with exit 0 would hide it.
    public init(
        from: UInt64 = 1, to: UInt64? = nil, stream: String? = nil, type: String? = nil, since: Timestamp? = nil
    ) throws(ToolError) {
        self.from = from
        self.to = to
        self.stream = stream
        self.type = type
        self.since = since
        if let stream {
            streamNames = try Self.streamNames(stream)
        } else {
            streamNames = []
        }
        if let type, !DomainEvent.typeNames.contains(where: { $0.caseInsensitiveCompare(type) == .orderedSame }) {
            throw ToolError(
                .invalidArgument,
                "--type \(type): expected one of \(DomainEvent.typeNames.joined(separator: ", "))")
        }
    }

    /// The stream names `text` may mean: both of an id's, or the one it names.
    private static func streamNames(_ text: String) throws(ToolError) -> Set<String> {
        if let id = UUID(lenient: text) { return [StreamID.job(id).name, StreamID.service(id).name] }
        for (prefix, name) in [("job-", StreamID.job), ("service-", StreamID.service)] where text.hasPrefix(prefix) {
            if let id = UUID(lenient: String(text.dropFirst(prefix.count))) { return [name(id).name] }
        }
        throw ToolError(
            .invalidArgument, "--stream \(text): expected a job's or service's id, or a stream name such as job-<id>")
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

    /// Calls `body` with every event of `store` that passes, in order, each record's hash checked first.
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` at the first record read that does not
    ///   match its hash (what was printed before it is sound).
    public func forEach(in store: LMDBEventStore, _ body: (RecordedEvent, DomainEvent) throws -> Void) throws {
        try store.forEachEvent(from: from, verifyHashes: true) { recorded in
            if let to, recorded.sequence > to { return false }
            guard matches(recorded) else { return true }
            try body(recorded, try DomainEventCodec.decode(recorded))
            return true
        }
    }
}

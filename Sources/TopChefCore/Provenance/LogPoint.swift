public import EventStore

/// A point in the log up to which tools read: the end, a sequence number, or a time.
///
/// Times compare with each event's recorded-at time, which never goes backwards along the log, so the
/// events up to a time are a prefix of the log, as are the events up to a sequence number.
public enum LogPoint: Sendable, Hashable, CustomStringConvertible {
    /// The whole log.
    case end
    /// Every event up to and including this sequence number.
    case sequence(UInt64)
    /// Every event recorded at or before this time.
    case time(Timestamp)

    /// Parses a sequence number (`1234`) or an ISO 8601 time (`2026-11-29T14:56:44Z`, `2026-11-29`).
    public init?(parsing text: String) {
        if let sequence = UInt64(text) {
            self = .sequence(sequence)
        } else if let time = Timestamp(iso8601: text) {
            self = .time(time)
        } else {
            return nil
        }
    }

    /// `true` when `event` is at or before this point.
    @inlinable
    public func includes(_ event: RecordedEvent) -> Bool {
        switch self {
        case .end: true
        case .sequence(let last): event.sequence <= last
        case .time(let time): event.recordedAt <= time
        }
    }

    /// `true` when the event read in place as `view` is at or before this point.
    @inlinable
    public func includes(_ view: EventRecordView) -> Bool {
        includes(sequence: view.sequence, recordedAt: view.recordedAt)
    }

    /// `true` when the event numbered `sequence`, recorded at `recordedAt`, is at or before this point.
    @inlinable
    public func includes(sequence: UInt64, recordedAt: Timestamp) -> Bool {
        switch self {
        case .end: true
        case .sequence(let last): sequence <= last
        case .time(let time): recordedAt <= time
        }
    }

    public var description: String {
        switch self {
        case .end: "the end of the log"
        case .sequence(let sequence): "sequence number \(sequence)"
        case .time(let time): "\(time)"
        }
    }
}

import EventStore
import TopChefCore

/// The ``EventBatch`` of writers that take events one by one (``SnapshotWriter/event(_:_:)``): each record is
/// copied as it is stored, side by side with the others, next to its decoded event, and read in place again on
/// the writer's thread.
final class RecordBatch: EventBatch {
    private let records = ByteBuffer(capacity: RecordBatch.byteLimit + (1 << 16))
    private var ends: [Int] = []
    private var events: [DomainEvent] = []

    static let byteLimit = 1 << 20
    static let eventLimit = 4096

    init() {
        ends.reserveCapacity(Self.eventLimit)
        events.reserveCapacity(Self.eventLimit)
    }

    var isFull: Bool { events.count >= Self.eventLimit || records.count >= Self.byteLimit }

    var isEmpty: Bool { events.isEmpty }

    func append(_ parts: RecordParts, _ event: DomainEvent) {
        records.append(parts.record)
        ends.append(records.count)
        events.append(event)
    }

    /// Calls `body` with each event in order, its record read in place from the copy.
    func forEach(_ body: (RecordParts, DomainEvent) throws -> Void) rethrows {
        let bytes = records.bytes
        var start = 0
        for index in 0..<events.count {
            let record = UnsafeRawBufferPointer(rebasing: bytes[start..<ends[index]])
            start = ends[index]
            // The record was read once already: it parses.
            try body(RecordParts(record)!, events[index])
        }
    }

    func removeAll() {
        records.removeAll()
        ends.removeAll(keepingCapacity: true)
        events.removeAll(keepingCapacity: true)
    }
}

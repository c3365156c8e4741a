import EventStore
import LMDB

func event(_ type: String = "Happened", _ text: String = "payload") -> ProposedEvent {
    ProposedEvent(type: type, payload: Array(text.utf8), metadata: EventMetadata(requestID: "req-1"))
}

/// Every event of the store, in order.
func allEvents(_ store: LMDBEventStore) throws -> [RecordedEvent] {
    var events: [RecordedEvent] = []
    try store.forEachEvent(from: 1, verifyHashes: true) {
        events.append($0); return true
    }
    return events
}

/// Checks the invariants of a whole log: sequence numbers 1...n, each event's previous hash is the hash
/// of the one before, each stream's versions are 1...k.
func expectWellFormed(_ events: [RecordedEvent]) -> Bool {
    var previous = EventRecordCodec.genesisHash
    var versions: [StreamID: UInt64] = [:]
    for (offset, event) in events.enumerated() {
        guard event.sequence == UInt64(offset + 1), event.previousHash == previous else { return false }
        let expected = (versions[event.streamID] ?? 0) + 1
        guard event.streamVersion == expected else { return false }
        versions[event.streamID] = expected
        previous = event.hash
    }
    return true
}

/// The number of events data.mdb itself holds (not counting the journal's tail), read through the store's
/// own way in, which shares this process's environment of the log if it has one.
func eventsInDataFile(_ path: String) throws -> Int {
    try LMDBEventStore.withReadOnlyEnvironment(path: path) { environment in
        let events = try environment.openDatabase(named: "events", create: false)
        return try environment.read { try $0.count(of: events) }
    }
}

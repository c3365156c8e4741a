/// An event durable in the ``CommitJournal`` that may not be in `data.mdb` yet: its stored record and what
/// the stream index needs.
struct JournaledEvent: Sendable {
    let sequence: UInt64
    let streamName: String
    let streamVersion: UInt64
    /// The record as `data.mdb` stores it (``EventRecordCodec``).
    let record: [UInt8]
}

/// An annotation durable in the ``CommitJournal`` that may not be in `data.mdb` yet.
struct JournaledAnnotation: Sendable {
    let key: [UInt8]
    let value: [UInt8]
}

/// What the writer has journaled since it last sealed a generation, or one sealed generation on its way into
/// `data.mdb`: the writes, in order.
///
/// Events are kept as the commits made them, one array per commit, which the ``JournalTail`` shares: an
/// event is copied into neither.
struct JournalGeneration: Sendable {
    var commits: [[JournaledEvent]] = []
    var annotations: [JournaledAnnotation] = []
    /// Roughly the bytes the writes take, to decide when to seal.
    var bytes = 0

    var isEmpty: Bool { commits.isEmpty && annotations.isEmpty }

    /// The events, in order.
    var events: FlattenSequence<[[JournaledEvent]]> { commits.joined() }
}

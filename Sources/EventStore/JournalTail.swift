import Synchronization

/// What readers of an ``LMDBEventStore`` see of the ``CommitJournal``: the events and annotations that are
/// durable but may not be in `data.mdb` yet, in order. Reads go through `data.mdb` first and take from here
/// what comes after the last event they found there.
///
/// A writable store adds each commit's writes before its appenders resume and drops them once a checkpoint
/// has put them in `data.mdb`; a read-only store reloads the journal files when asked to look again.
final class JournalTail: Sendable {
    struct Contents: Sendable {
        /// The events, one array per commit (shared with the writer's ``JournalGeneration``).
        var commits: [[JournaledEvent]] = []
        var annotations: [JournaledAnnotation] = []

        /// The events, in order.
        var events: FlattenSequence<[[JournaledEvent]]> { commits.joined() }
    }

    private let contents = Mutex(Contents())
    /// Counts the times writes left the tail (a checkpoint, a read-only store's new look): a reader that sees
    /// it unchanged across its read of `data.mdb` knows the tail it took is not older than what it read
    /// there.
    private let departures = Mutex(0)

    init(_ contents: Contents = Contents()) {
        self.contents.withLock { $0 = contents }
    }

    /// The writes as of now. Take it *before* opening the read transaction that goes with it: a checkpoint
    /// drops writes from here only after `data.mdb` has them, so the two together miss nothing.
    func snapshot() -> Contents {
        contents.withLock { $0 }
    }

    /// Adds a commit's writes.
    func append(events: [JournaledEvent], annotations: [JournaledAnnotation]) {
        contents.withLock {
            if !events.isEmpty { $0.commits.append(events) }
            $0.annotations.append(contentsOf: annotations)
        }
    }

    /// Drops the oldest writes, which a checkpoint has put in `data.mdb`.
    func dropFirst(commits: Int, annotations: Int) {
        contents.withLock {
            $0.commits.removeFirst(min(commits, $0.commits.count))
            $0.annotations.removeFirst(min(annotations, $0.annotations.count))
        }
        departures.withLock { $0 += 1 }
    }

    /// Replaces everything (a read-only store that looked at the journal files again).
    func replace(with new: Contents) {
        contents.withLock { $0 = new }
        departures.withLock { $0 += 1 }
    }

    /// How many times writes have left the tail so far (see ``departures``).
    var departureCount: Int {
        departures.withLock { $0 }
    }

    /// The last journaled event's sequence number, if any.
    var lastSequence: UInt64? {
        contents.withLock { $0.commits.last?.last?.sequence }
    }
}

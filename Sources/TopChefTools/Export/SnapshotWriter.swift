import EventStore
import TopChefCore

/// One export format: it receives the events of the snapshot in order, then its services and jobs.
protocol SnapshotWriter {
    /// One event of the snapshot, read in place (only called when the format keeps events).
    mutating func event(_ parts: RecordParts, _ event: DomainEvent) throws
    /// The snapshot's services (registration order) and jobs (submission order); writes and moves every
    /// file into place, and returns the paths written.
    mutating func finish(info: SnapshotInfo, services: [ServiceRecord], jobs: [JobRecord]) throws -> [String]
    /// Whether ``event(_:_:)`` is wanted.
    var keepsEvents: Bool { get }
}

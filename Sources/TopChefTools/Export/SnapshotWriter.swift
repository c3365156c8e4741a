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
    /// A new, empty batch for ``EventPipeline``: it is filled on the reading thread, so a writer whose batch
    /// renders what it writes moves that work off its own thread. By default, a ``RecordBatch``.
    func makeEventBatch() -> any EventBatch
    /// Writes a batch made by ``makeEventBatch()``, on the pipeline's writer thread. By default, each event
    /// of a ``RecordBatch`` to ``event(_:_:)``.
    mutating func write(_ batch: any EventBatch) throws
}

extension SnapshotWriter {
    func makeEventBatch() -> any EventBatch { RecordBatch() }

    mutating func write(_ batch: any EventBatch) throws {
        // Only ever given the batches it made.
        try (batch as! RecordBatch).forEach { parts, event in try self.event(parts, event) }
    }
}

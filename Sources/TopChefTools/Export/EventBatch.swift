import EventStore
import TopChefCore

/// Events on their way from the reading thread to the writer's thread of an ``EventPipeline``, held in the form
/// the writer takes them (``SnapshotWriter/makeEventBatch()``): the reading thread fills a batch, the writer's
/// thread writes it (``SnapshotWriter/write(_:)``), then it is emptied and filled again.
///
/// Whatever a batch keeps of a record it must copy: the record lies in the log's memory map, valid only until
/// the reading thread moves on.
protocol EventBatch: AnyObject {
    /// Adds one event, read in place as `parts`; only called when not ``isFull``.
    func append(_ parts: RecordParts, _ event: DomainEvent)
    /// Whether the batch should be handed to the writer now.
    var isFull: Bool { get }
    /// Whether no event was added since the last ``removeAll()``.
    var isEmpty: Bool { get }
    /// Forgets the events (after they were written), keeping the memory.
    func removeAll()
}

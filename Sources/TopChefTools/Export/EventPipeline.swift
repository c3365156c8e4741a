import Foundation
import TopChefCore

/// Runs a ``SnapshotWriter``'s ``SnapshotWriter/write(_:)`` on a second thread, so that writing the events (to a file or into SQLite) overlap with reading, decoding and projecting the log on
/// the caller's thread.
///
/// The caller ``add(_:_:)``s events in log order into a batch of the writer's making
/// (``SnapshotWriter/makeEventBatch()``: the records copied, or rows already rendered), and batches go to the
/// writer's thread in order through a small bounded queue. ``finish()`` waits for every batch to be written
/// and hands the writer back; the writer is only ever used by one thread at a time.
final class EventPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private var full: [any EventBatch] = []
    private var free: [any EventBatch]
    private var isClosed = false
    private var failure: (any Error)?
    private var isDone = false
    private var current: any EventBatch
    /// The writer, until ``finish()`` or ``close()`` lets it go (a thread may outlive its work for a moment;
    /// it must not keep the output open).
    private var writer: (any SnapshotWriter)?

    /// Starts the writer's thread.
    init(_ writer: any SnapshotWriter, depth: Int = 3) {
        self.writer = writer
        current = writer.makeEventBatch()
        free = (0..<depth).map { _ in writer.makeEventBatch() }
        let thread = Thread { [self] in consume() }
        thread.name = "export-writer"
        thread.start()
    }

    /// Queues one event, read in place as `parts`, for the writer.
    func add(_ parts: RecordParts, _ event: DomainEvent) throws {
        current.append(parts, event)
        if current.isFull { try submit() }
    }

    /// Waits for every queued event to be written and returns the writer (rethrowing its first error).
    func finish() throws -> any SnapshotWriter {
        if !current.isEmpty { try submit() }
        let writer = stop()
        if let failure { throw failure }
        return writer!
    }

    /// Stops the writer's thread once it has written what is queued, and waits for it.
    func close() {
        _ = stop()
    }

    /// Closes the queue, waits for the writer's thread to finish, and takes the writer back.
    private func stop() -> (any SnapshotWriter)? {
        condition.lock()
        defer { condition.unlock() }
        isClosed = true
        condition.broadcast()
        while !isDone { condition.wait() }
        let writer = self.writer
        self.writer = nil
        return writer
    }

    private func submit() throws {
        condition.lock()
        defer { condition.unlock() }
        full.append(current)
        condition.broadcast()
        while free.isEmpty && failure == nil { condition.wait() }
        if let failure { throw failure }
        current = free.removeLast()
    }

    private func consume() {
        while true {
            condition.lock()
            while full.isEmpty && !isClosed { condition.wait() }
            guard !full.isEmpty, failure == nil else {
                isDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = full.removeFirst()
            condition.unlock()
            do {
                try writer!.write(batch)
            } catch {
                condition.lock()
                failure = error
                isDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            batch.removeAll()
            condition.lock()
            free.append(batch)
            condition.broadcast()
            condition.unlock()
        }
    }
}

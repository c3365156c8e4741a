import Foundation

/// The single writer of an ``LMDBEventStore``: a dedicated thread that takes every request queued while the
/// previous commit was on its way to disk and commits them together, in one LMDB write transaction and one
/// durable flush.
///
/// There is no timer: a lone request is committed at once; under load, batches grow by themselves to
/// whatever arrived during the previous commit. Blocking I/O stays off Swift's cooperative thread pool.
final class GroupCommitWriter: @unchecked Sendable {
    /// What a caller asks to be written.
    enum Work {
        case append(stream: StreamID, expected: ExpectedVersion, events: [ProposedEvent])
        case annotation(key: [UInt8], value: [UInt8])
    }

    struct Request {
        let work: Work
        let continuation: CheckedContinuation<[RecordedEvent], any Error>
    }

    private let condition = NSCondition()
    private var queue: [Request] = []
    private var isStopping = false
    private let finished = DispatchSemaphore(value: 0)
    private let commit: ([Request]) -> Void

    /// Starts the writer thread; `commit` runs on it with each batch and must resume every continuation.
    init(name: String, commit: @escaping ([Request]) -> Void) {
        self.commit = commit
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Queues a request; returns false (without queueing) once the writer is stopping.
    func submit(_ request: Request) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopping else { return false }
        queue.append(request)
        condition.signal()
        return true
    }

    /// Takes what is queued without waiting: the writer calls it while a transaction is still open, so
    /// that requests arriving while the transaction was being built join it instead of waiting for a
    /// commit of their own.
    func takeQueued() -> [Request] {
        condition.lock()
        defer { condition.unlock() }
        let taken = queue
        queue.removeAll(keepingCapacity: true)
        return taken
    }

    /// Commits what is queued, then stops the thread and waits for it to end.
    func stop() {
        condition.lock()
        let wasStopping = isStopping
        isStopping = true
        condition.signal()
        condition.unlock()
        if !wasStopping { finished.wait() }
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !isStopping { condition.wait() }
            if queue.isEmpty && isStopping {
                condition.unlock()
                finished.signal()
                return
            }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            commit(batch)
        }
    }
}

import Foundation

/// The single writer of an ``LMDBEventStore``: a dedicated thread that takes every request queued while the
/// previous commit was on its way to disk and commits them together, in one LMDB write transaction and one
/// durable flush.
///
/// There is no timer: a lone request is committed at once; under load, batches grow by themselves to
/// whatever arrived during the previous commit, within a ``Budget``. Blocking I/O stays off Swift's
/// cooperative thread pool.
final class GroupCommitWriter: @unchecked Sendable {
    /// What a caller asks to be written.
    enum Work {
        case append(PreparedAppend)
        case annotation(key: [UInt8], value: [UInt8])
    }

    struct Request {
        let work: Work
        /// Resumed exactly once, by the commit that takes the request (or by ``submit(_:)``'s caller when
        /// the writer refuses it). Unchecked: a checked continuation allocates a canary per append.
        let continuation: UnsafeContinuation<[RecordedEvent], any Error>
        /// Roughly what the request adds to a transaction, for bounding batches: its payloads plus a
        /// record's overhead per event. Computed once, by the appender, not under the queue's lock.
        let byteCount: Int

        init(work: Work, continuation: UnsafeContinuation<[RecordedEvent], any Error>) {
            self.work = work
            self.continuation = continuation
            switch work {
            case .append(let append): byteCount = append.events.reduce(0) { $0 + $1.payload.count + 128 }
            case .annotation(let key, let value): byteCount = key.count + value.count
            }
        }
    }

    /// The most a commit takes, in ``Request/byteCount`` bytes and in requests (at least one request,
    /// however large): LMDB refuses a transaction that dirties more than about 512 MiB, and one failed
    /// commit fails every request in it, so a flood of large appends must be split, not merged.
    struct Budget {
        var bytes: Int
        var requests: Int
    }

    /// What one commit has taken from the queue so far, counted against the ``Budget``.
    struct Taken {
        var bytes = 0
        var requests = 0
    }

    private let condition = NSCondition()
    private var queue: [Request] = []
    private var isStopping = false
    private let finished = DispatchSemaphore(value: 0)
    private let commit: ([Request], Taken) -> Void
    private let idle: () -> Bool
    /// What one commit may take.
    let budget: Budget
    /// How long the queue must stay empty before the writer calls `idle`.
    static let idleDelay: TimeInterval = 0.05

    /// Starts the writer thread; `commit` runs on it with each batch (and what it took) and must resume
    /// every continuation. `idle` runs on it when the queue has stayed empty for ``idleDelay`` after a
    /// commit, and again after each further ``idleDelay`` for as long as it returns true.
    init(
        name: String, budget: Budget, commit: @escaping ([Request], Taken) -> Void,
        idle: @escaping () -> Bool = { false }
    ) {
        self.commit = commit
        self.idle = idle
        self.budget = budget
        let thread = Thread { [self] in
            // Set from the thread itself: on Linux that is what makes the name visible to the kernel
            // (top -H, perf, /proc/PID/task/*/comm), which shows at most 15 bytes of it.
            Thread.current.name = name
            run()
        }
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

    /// How many requests wait for a commit: for tests that arrange what one commit takes.
    var queuedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    /// Whether ``submit(_:)`` still queues requests (false once ``stop()`` has begun).
    var acceptsRequests: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !isStopping
    }

    /// Takes queued requests in order without waiting, as far as the budget allows after `taken`, and
    /// counts them into `taken`. The writer calls it while a transaction is still open, so that requests
    /// arriving while the transaction was being built join it instead of waiting for a commit of their own.
    func takeQueued(adding taken: inout Taken) -> [Request] {
        condition.lock()
        defer { condition.unlock() }
        return takeLocked(adding: &taken, atLeastOne: false)
    }

    /// Removes and returns requests from the front of the queue while they fit in the budget after
    /// `taken`, counting them into it. Call with the lock held.
    private func takeLocked(adding taken: inout Taken, atLeastOne: Bool) -> [Request] {
        var count = 0
        for request in queue {
            guard taken.requests < budget.requests else { break }
            let size = request.byteCount
            guard taken.bytes + size <= budget.bytes || (atLeastOne && count == 0) else { break }
            taken.bytes += size
            taken.requests += 1
            count += 1
        }
        if count == queue.count {
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
        defer { queue.removeFirst(count) }
        return Array(queue[..<count])
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
        var wantsIdle = false
        while true {
            condition.lock()
            while queue.isEmpty && !isStopping {
                guard wantsIdle else {
                    condition.wait()
                    continue
                }
                if !condition.wait(until: Date(timeIntervalSinceNow: Self.idleDelay)) && queue.isEmpty && !isStopping {
                    condition.unlock()
                    wantsIdle = idle()
                    condition.lock()
                }
            }
            if queue.isEmpty && isStopping {
                condition.unlock()
                finished.signal()
                return
            }
            var taken = Taken()
            let batch = takeLocked(adding: &taken, atLeastOne: true)
            condition.unlock()
            commit(batch, taken)
            wantsIdle = true
        }
    }
}

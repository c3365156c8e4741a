import Foundation

/// Puts sealed journal generations into `data.mdb`, on a thread of its own, so that the writer goes on
/// journaling commits meanwhile. A checkpoint is one durable LMDB write transaction for a whole generation
/// (thousands of commits' events), which spreads LMDB's fixed cost of a commit over all of them.
///
/// One generation at a time: the writer hands over the next only once it has seen the last one finish
/// (``takeFinished()``), because only then may it reuse that generation's journal file.
///
/// A checkpoint that fails (a full disk) is retried every second: its events are durable in the journal
/// meanwhile, and reads find them there.
final class Checkpointer: @unchecked Sendable {
    private let condition = NSCondition()
    private var next: JournalGeneration?
    private var isRunning = false
    private var finished = false
    private var isStopping = false
    private var lastError: (any Error)?
    private let stopped = DispatchSemaphore(value: 0)
    /// Let go of when the thread ends, before ``stop()`` returns: it holds the log's LMDB environment, which
    /// must close with its store (a writable open in this process is refused while a reader's is alive).
    private var write: ((JournalGeneration) throws -> Void)?

    /// Starts the thread; `write` puts a generation in `data.mdb` durably, or throws.
    init(name: String, write: @escaping (JournalGeneration) throws -> Void) {
        self.write = write
        let thread = Thread { [self] in
            Thread.current.name = name
            run()
        }
        thread.start()
    }

    /// Whether a generation may be handed over now: none is being written, and the writer has taken the
    /// news of the last one.
    var isIdle: Bool {
        condition.lock()
        defer { condition.unlock() }
        return next == nil && !isRunning && !finished
    }

    /// Hands over a generation; call only when ``isIdle``.
    func checkpoint(_ generation: JournalGeneration) {
        condition.lock()
        precondition(next == nil && !isRunning && !finished, "a checkpoint was handed over before the last one ended")
        next = generation
        condition.broadcast()
        condition.unlock()
    }

    /// True once after each checkpoint that has finished: its generation is in `data.mdb`, and read
    /// transactions begun from now on see it.
    func takeFinished() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard finished else { return false }
        finished = false
        return true
    }

    /// Waits until the generation handed over last is in `data.mdb`, or its checkpoint has failed (it is
    /// retried later), or the checkpointer is stopping. Returns whether it is in `data.mdb`.
    @discardableResult
    func waitUntilWritten() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while isRunning || (next != nil && lastError == nil && !isStopping) { condition.wait() }
        return next == nil
    }

    /// The error of the last checkpoint that failed, if it has not succeeded since.
    var failure: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return lastError
    }

    /// Ends the thread once the checkpoint under way (if any) has been tried; a generation still waiting
    /// stays in the journal for the next open.
    func stop() {
        condition.lock()
        isStopping = true
        condition.broadcast()
        condition.unlock()
        stopped.wait()
    }

    private func run() {
        condition.lock()
        while true {
            while next == nil && !isStopping { condition.wait() }
            guard let generation = next, !isStopping || lastError == nil else { break }
            isRunning = true
            condition.unlock()
            var error: (any Error)?
            do {
                try write?(generation)
            } catch let caught {
                error = caught
            }
            condition.lock()
            isRunning = false
            lastError = error
            if error == nil {
                next = nil
                finished = true
            } else if !isStopping {
                // Retry after a pause, or stop if asked to meanwhile.
                _ = condition.wait(until: Date(timeIntervalSinceNow: 1))
            }
            condition.broadcast()
            if isStopping && next == nil { break }
        }
        write = nil
        condition.unlock()
        stopped.signal()
    }
}

import Synchronization

/// Serializes async work per key: work for one key runs one at a time, in arrival order; work for
/// different keys runs concurrently.
///
/// The broker uses it per stream, so that concurrent commands on one job wait for each other instead of
/// failing their optimistic version check over and over inside one group commit.
final class KeyedAsyncLock<Key: Hashable & Sendable>: Sendable {
    /// For each held key, the tasks waiting for it.
    private let waiters = Mutex<[Key: [CheckedContinuation<Void, Never>]]>([:])

    /// Runs `body` while holding `key`.
    func withLock<T>(_ key: Key, _ body: () async throws -> T) async throws -> T {
        // The common case (a job update nobody else is making) finds the key free. Taking it without a
        // continuation matters: resuming a continuation, even at once, sends the task back through the
        // executor's queue, a thread hop per request.
        if !tryAcquire(key) { await waitAndAcquire(key) }
        defer { release(key) }
        return try await body()
    }

    /// How many tasks wait for `key`, or nil when nobody holds it.
    func waiterCount(_ key: Key) -> Int? {
        waiters.withLock { $0[key]?.count }
    }

    /// Takes `key` if nobody holds it.
    private func tryAcquire(_ key: Key) -> Bool {
        waiters.withLock { waiters in
            guard waiters[key] == nil else { return false }
            waiters[key] = []
            return true
        }
    }

    /// Queues behind the holder of `key` (or takes it, if it was released meanwhile) and returns holding it.
    private func waitAndAcquire(_ key: Key) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = waiters.withLock { waiters in
                if waiters[key] == nil {
                    waiters[key] = []
                    return true
                }
                waiters[key]!.append(continuation)
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    /// Hands `key` to the first waiter, or frees it.
    private func release(_ key: Key) {
        let next = waiters.withLock { waiters -> CheckedContinuation<Void, Never>? in
            guard var queue = waiters[key], !queue.isEmpty else {
                waiters[key] = nil
                return nil
            }
            let next = queue.removeFirst()
            waiters[key] = queue
            return next
        }
        next?.resume()
    }
}

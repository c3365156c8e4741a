import Synchronization

/// Wakes tasks waiting for the log to grow past a position.
final class SequenceNotifier: Sendable {
    private struct State {
        var last: UInt64
        var waiters: [(after: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
        var isClosed = false
    }

    private let state: Mutex<State>

    init(last: UInt64) {
        state = Mutex(State(last: last))
    }

    /// Records that events up to `sequence` are durable and wakes whoever waits for them.
    func advance(to sequence: UInt64) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.last = max(state.last, sequence)
            var ready: [CheckedContinuation<Void, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.after < state.last else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Wakes every waiter for good: the store is closing.
    func close() {
        let all = state.withLock { state in
            state.isClosed = true
            defer { state.waiters = [] }
            return state.waiters.map(\.continuation)
        }
        for continuation in all { continuation.resume() }
    }

    /// Returns once an event after `sequence` is durable, the store closes, or the task is cancelled.
    func wait(after sequence: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.last > sequence || state.isClosed || Task.isCancelled { return true }
                    state.waiters.append((sequence, continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            // Wake everyone; the ones not cancelled simply wait again.
            let all = state.withLock { state in
                defer { state.waiters = [] }
                return state.waiters.map(\.continuation)
            }
            for continuation in all { continuation.resume() }
        }
    }

    var isClosed: Bool { state.withLock { $0.isClosed } }
}

import Synchronization
import Testing

@testable import TopChefCore

/// The per-stream lock: one holder per key, waiters served in arrival order, other keys never blocked.
@Suite(.timeLimit(.minutes(1)))  // a lock that wrongly blocks would otherwise hang the run, not fail it
struct KeyedAsyncLockTests {
    /// Counts holders of one key at once and records the order in which work ran.
    final class Probe: Sendable {
        let state = Mutex<(holders: Int, maximum: Int, order: [Int])>((0, 0, []))

        func enter(_ label: Int) {
            state.withLock {
                $0.holders += 1
                $0.maximum = max($0.maximum, $0.holders)
                $0.order.append(label)
            }
        }

        func leave() { state.withLock { $0.holders -= 1 } }
    }

    @Test func oneHolderPerKeyUnderContention() async throws {
        let lock = KeyedAsyncLock<String>()
        let probe = Probe()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for label in 0..<200 {
                group.addTask {
                    try await lock.withLock("job") {
                        probe.enter(label)
                        await Task.yield()
                        probe.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        let state = probe.state.withLock { $0 }
        #expect(state.maximum == 1)
        #expect(state.order.count == 200)
    }

    @Test func waitersAreServedInArrivalOrder() async throws {
        let lock = KeyedAsyncLock<String>()
        let probe = Probe()
        let holderEntered = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        // The first holder keeps the key until told to go, so that the others queue behind it one by one.
        let holder = Task {
            try await lock.withLock("job") {
                probe.enter(0)
                holderEntered.continuation.yield()
                for await _ in release.stream { break }
                probe.leave()
            }
        }
        for await _ in holderEntered.stream { break }
        var waiters: [Task<Void, any Error>] = []
        for label in 1...5 {
            waiters.append(
                Task {
                    try await lock.withLock("job") {
                        probe.enter(label)
                        probe.leave()
                    }
                })
            // Let this waiter queue before the next one starts (bounded, so that a broken lock fails).
            var spins = 0
            while (lock.waiterCount("job") ?? 0) < label && spins < 100_000 {
                await Task.yield()
                spins += 1
            }
            #expect(lock.waiterCount("job") == label, "waiter \(label) did not queue behind the holder")
        }
        release.continuation.yield()
        try await holder.value
        for waiter in waiters { try await waiter.value }
        #expect(probe.state.withLock { $0.order } == [0, 1, 2, 3, 4, 5])
        #expect(lock.waiterCount("job") == nil)
    }

    @Test func otherKeysAreNotBlockedAndAFreedKeyIsTakenAgain() async throws {
        let lock = KeyedAsyncLock<String>()
        let holderEntered = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await lock.withLock("a") {
                holderEntered.continuation.yield()
                for await _ in release.stream { break }
            }
        }
        for await _ in holderEntered.stream { break }
        // "a" is held; "b" is free and must not wait for it.
        let value = try await lock.withLock("b") { 42 }
        #expect(value == 42)
        release.continuation.yield()
        try await holder.value
        // A released key is free: taking it again does not wait, and a throwing body releases it too.
        await #expect(throws: CancellationError.self) {
            try await lock.withLock("a") { throw CancellationError() }
        }
        #expect(try await lock.withLock("a") { "again" } == "again")
        #expect(lock.waiterCount("a") == nil)
    }
}

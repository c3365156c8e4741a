import Dispatch
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import EventStore

/// Commits whose content the test decides. The writer is held inside its first commit (in a commit
/// observer, which runs on the writer thread) while the requests meant for the next commit queue up; then
/// it is let go, and they are taken together.
struct LMDBEventStoreBatchTests {
    /// A store whose writer stops in the observer of its first commit until ``release()``.
    final class HeldStore: Sendable {
        let store: LMDBEventStore
        /// The sequence numbers of each commit, in commit order.
        let commits = Mutex<[[UInt64]]>([])
        private let gate = DispatchSemaphore(value: 0)
        private let held = Mutex(false)

        init(path: String, options: LMDBEventStore.Options = .init()) throws {
            store = try LMDBEventStore(path: path, options: options)
            store.addCommitObserver { [weak self] events in
                guard let self else { return }
                let isFirst = commits.withLock { commits in
                    commits.append(events.map(\.sequence))
                    return commits.count == 1
                }
                if isFirst {
                    held.withLock { $0 = true }
                    gate.wait()
                }
            }
        }

        /// Commits one event on `hold-writer` and returns once the writer is held in that commit's observer.
        func holdWriter() async throws {
            // Left to finish on its own: it is answered once the writer is let go.
            Task { [store] in try await store.append([event()], to: "hold-writer", expectedVersion: .noStream) }
            try await waitUntil { held.withLock { $0 } }
        }

        /// Waits until `count` requests are queued, then lets the writer go.
        func release(whenQueued count: Int) async throws {
            try await waitUntil { store.writer?.queuedCount == count }
            gate.signal()
        }

        /// Polls `condition` every millisecond for up to 30 s: generous, because a loaded 2-core machine running
        /// the whole suite in parallel (and builds beside it) has taken more than 10 s here.
        func waitUntil(_ condition: () -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(30)
            while !condition() {
                guard ContinuousClock.now < deadline else { throw TestTimeout() }
                try await Task.sleep(for: .milliseconds(1))
            }
        }
    }

    struct TestTimeout: Error {}

    /// Runs `appends` concurrently against a held writer, releases it once all are queued, and returns
    /// each one's outcome in order.
    private func commitTogether(
        _ held: HeldStore, _ appends: [(StreamID, ExpectedVersion, [ProposedEvent])]
    ) async throws -> [Result<[RecordedEvent], any Error>] {
        try await held.holdWriter()
        let tasks = appends.map { stream, expected, events in
            Task { [store = held.store] in
                try await store.append(events, to: stream, expectedVersion: expected)
            }
        }
        try await held.release(whenQueued: appends.count)
        var outcomes: [Result<[RecordedEvent], any Error>] = []
        for task in tasks { outcomes.append(await task.result) }
        return outcomes
    }

    @Test func aWrongExpectedVersionInTheMiddleOfACommitFailsAloneAndTheOthersCommitTogether() async throws {
        let directory = TemporaryDirectory()
        let held = try HeldStore(path: directory.path)
        let outcomes = try await commitTogether(
            held,
            [
                ("job-a", .noStream, [event(), event()]),
                ("job-b", .exact(5), [event()]),
                ("job-c", .noStream, [event()]),
            ])
        // The queue's order is the tasks' race; whatever it was, a's two events are consecutive.
        let a = try outcomes[0].get().map(\.sequence)
        let c = try outcomes[2].get().map(\.sequence)
        #expect(a.count == 2 && a[1] == a[0] + 1)
        #expect(Set(a + c) == [2, 3, 4])
        #expect(throws: WrongExpectedVersionError(streamID: "job-b", expected: .exact(5), actual: 0)) {
            try outcomes[1].get()
        }
        // One commit for the held append, one for the three requests together.
        #expect(held.commits.withLock { $0 } == [[1], [2, 3, 4]])
        #expect(expectWellFormed(try allEvents(held.store)))
    }

    @Test func aBatchThatOutgrowsTheMapIsCheckpointedWholeAfterTheMapGrows() async throws {
        let directory = TemporaryDirectory()
        let held = try HeldStore(path: directory.path, options: .init(initialMapSize: 256 << 10))
        let large = event("Large", String(repeating: "x", count: 16 << 10))
        // 8 × 3 × 16 KiB does not fit in a 256 KiB map: the commit goes to the journal whole, and the
        // checkpoint that puts it into data.mdb fails part way in LMDB, the map grows, and the checkpoint's
        // transaction is written again from its start.
        var appends: [(StreamID, ExpectedVersion, [ProposedEvent])] = (0..<8).map { index in
            (StreamID("job-\(index % 2)"), .any, [large, large, large])
        }
        appends[3] = ("job-x", .exact(7), [large])
        let before = held.store.mapSize
        let outcomes = try await commitTogether(held, appends)
        #expect(throws: WrongExpectedVersionError(streamID: "job-x", expected: .exact(7), actual: 0)) {
            try outcomes[3].get()
        }
        let committed = try outcomes.enumerated().filter { $0.offset != 3 }.flatMap { try $0.element.get() }
        #expect(committed.map(\.sequence).sorted() == Array(2...22))
        #expect(held.commits.withLock { $0 }.count == 2)
        let stored = try allEvents(held.store)
        #expect(stored.count == 22)
        #expect(expectWellFormed(stored))
        held.store.close()
        #expect(held.store.mapSize > before)
        #expect(try eventsInDataFile(directory.path) == 22, "every event is in data.mdb after the checkpoint")
    }

    @Test func aRequestLMDBWouldRefuseFailsAloneAndTheStoreGoesOn() async throws {
        let directory = TemporaryDirectory()
        let held = try HeldStore(path: directory.path)
        try await held.holdWriter()
        let store = held.store
        let before = Task { try await store.append([event()], to: "job-a", expectedVersion: .noStream) }
        // A key longer than LMDB stores, queued behind `putAnnotation`'s check as only a bug could: in the
        // journal it would fail every checkpoint, so the writer refuses it alone.
        let poisoned = Task {
            try await withUnsafeThrowingContinuation { continuation in
                let request = GroupCommitWriter.Request(
                    work: .annotation(key: [UInt8](repeating: 1, count: 600), value: [1]), continuation: continuation)
                #expect(store.writer?.submit(request) == true)
            }
        }
        try await held.release(whenQueued: 2)
        #expect(try await before.value.map(\.sequence) == [2])
        await #expect(throws: EventStoreError.self) { try await poisoned.value }
        let after = try await store.append([event()], to: "job-b", expectedVersion: .noStream)
        #expect(after.map(\.sequence) == [3])
        store.close()
        let reopened = try LMDBEventStore(path: directory.path)
        #expect(reopened.lastSequence == 3)
        #expect(expectWellFormed(try allEvents(reopened)))
    }

    @Test func closingWhileRequestsAreQueuedCommitsThemFirst() async throws {
        let directory = TemporaryDirectory()
        let held = try HeldStore(path: directory.path)
        try await held.holdWriter()
        let store = held.store
        let appends = (0..<5).map { index in
            Task { try await store.append([event()], to: StreamID("job-\(index)"), expectedVersion: .noStream) }
        }
        try await held.waitUntil { store.writer?.queuedCount == 5 }
        // `close()` waits for the writer, which is held: it runs on a thread of its own (blocking a thread of
        // the task pool could stall other tests), and the writer is let go once it stops taking requests.
        let closed = DispatchSemaphore(value: 0)
        Thread {
            store.close()
            closed.signal()
        }.start()
        try await held.waitUntil { store.writer?.acceptsRequests == false }
        try await held.release(whenQueued: 5)
        for append in appends { #expect(try await append.value.count == 1) }
        try await held.waitUntil { closed.wait(timeout: .now()) == .success }
        await #expect(throws: EventStoreError.closed) {
            try await store.append([event()], to: "job-late", expectedVersion: .any)
        }
        #expect(store.lastSequence == 6)
    }
}

import EventStore
import Synchronization
import TestSupport
import Testing

struct LMDBEventStoreAppendTests {
    @Test func appendsGetContiguousSequenceNumbersAndChainedHashes() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        let first = try await store.append([event(), event()], to: "job-a", expectedVersion: .noStream)
        let second = try await store.append([event()], to: "job-b", expectedVersion: .any)
        #expect(first.map(\.sequence) == [1, 2])
        #expect(first.map(\.streamVersion) == [1, 2])
        #expect(second[0].sequence == 3 && second[0].streamVersion == 1)
        #expect(first[0].previousHash == EventRecordCodec.genesisHash)
        #expect(first[1].previousHash == first[0].hash)
        #expect(second[0].previousHash == first[1].hash)
        let stored = try allEvents(store)
        #expect(stored == first + second)
        #expect(stored[0].metadata.requestID == "req-1")
        #expect(store.lastSequence == 3)
    }

    @Test func aWrongExpectedVersionNamesStreamExpectedAndActualAndAppendsNothing() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        _ = try await store.append([event(), event()], to: "job-a", expectedVersion: .noStream)
        await #expect(throws: WrongExpectedVersionError(streamID: "job-a", expected: .exact(1), actual: 2)) {
            try await store.append([event()], to: "job-a", expectedVersion: .exact(1))
        }
        await #expect(throws: WrongExpectedVersionError(streamID: "job-a", expected: .noStream, actual: 2)) {
            try await store.append([event()], to: "job-a", expectedVersion: .noStream)
        }
        let error = WrongExpectedVersionError(streamID: "job-a", expected: .exact(1), actual: 2)
        #expect(error.description.contains("job-a") && error.description.contains("version 1"))
        #expect(store.lastSequence == 2)
        let appended = try await store.append([event()], to: "job-a", expectedVersion: .exact(2))
        #expect(appended[0].streamVersion == 3)
    }

    @Test func invalidAppendsAreRefusedBeforeTheyReachTheLog() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        await #expect(throws: EventStoreError.emptyAppend("job-a")) {
            try await store.append([], to: "job-a", expectedVersion: .any)
        }
        for name in ["bad\u{0}name", "\u{0}job-a", "job-a\u{0}", "job-\u{E9}\u{0}"] {
            await #expect(throws: EventStoreError.invalidStreamID(name, reason: "it contains a NUL byte")) {
                try await store.append([event()], to: StreamID(name), expectedVersion: .any)
            }
        }
        #expect(store.lastSequence == 0)
        // A name with non-ASCII characters and no NUL is fine.
        _ = try await store.append([event()], to: "job-\u{E9}t\u{E9}", expectedVersion: .noStream)
        #expect(store.lastSequence == 1)
    }

    @Test func concurrentAppendersLoseAndDuplicateNothing() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        let batchSizes = Mutex<[Int]>([])
        store.addCommitObserver { events in batchSizes.withLock { $0.append(events.count) } }
        let appenders = 64
        let appendsEach = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for appender in 0..<appenders {
                group.addTask {
                    for index in 0..<appendsEach {
                        _ = try await store.append(
                            [event("Happened", "\(appender)-\(index)")], to: StreamID("job-\(appender)"),
                            expectedVersion: .exact(UInt64(index)))
                    }
                }
            }
            try await group.waitForAll()
        }
        let events = try allEvents(store)
        #expect(events.count == appenders * appendsEach)
        #expect(expectWellFormed(events))
        #expect(Set(events.map { String(decoding: $0.payload, as: UTF8.self) }).count == events.count)
        // Group commit: with 64 appenders waiting, commits carry more than one event.
        #expect(batchSizes.withLock { $0.max() ?? 0 } > 1)
        #expect(batchSizes.withLock { $0.reduce(0, +) } == events.count)
    }

    @Test func concurrentAppendsToOneStreamWithTheSameExpectationLetExactlyOneWin() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    do {
                        _ = try await store.append([event()], to: "job-contended", expectedVersion: .noStream)
                        return true
                    } catch is WrongExpectedVersionError {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(store.lastSequence == 1)
    }

    @Test func anAppendThatCreatesItsStreamIndexesEveryVersionAndLaterExpectationsSeeThem() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        // Every version of a creating append is indexed, so the stream reads back whole and later
        // expectations see its real version.
        let created = try await store.append([event(), event(), event()], to: "job-new", expectedVersion: .noStream)
        #expect(created.map(\.streamVersion) == [1, 2, 3])
        #expect(try await store.read(stream: "job-new", fromVersion: 1, limit: 100) == created)
        await #expect(throws: WrongExpectedVersionError(streamID: "job-new", expected: .exact(0), actual: 3)) {
            try await store.append([event()], to: "job-new", expectedVersion: .exact(0))
        }
        let next = try await store.append([event()], to: "job-new", expectedVersion: .exact(3))
        #expect(next[0].streamVersion == 4)
        // A refused `.noStream` append leaves neither an event nor an index key behind.
        await #expect(throws: WrongExpectedVersionError(streamID: "job-new", expected: .noStream, actual: 4)) {
            try await store.append([event(), event()], to: "job-new", expectedVersion: .noStream)
        }
        let stored = try await store.read(stream: "job-new", fromVersion: 1, limit: 100)
        #expect(stored.map(\.streamVersion) == [1, 2, 3, 4])
        #expect(store.lastSequence == 4)
        #expect(expectWellFormed(try allEvents(store)))
    }

    @Test func twoAppendsCreatingOneStreamInOneCommitLetTheFirstWin() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        let commits = Mutex<[[UInt64]]>([])
        store.addCommitObserver { events in commits.withLock { $0.append(events.map(\.sequence)) } }
        // Many appenders on a few streams, all creating them: whatever lands in one commit, each stream
        // gets exactly one creating append, with its versions intact.
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for attempt in 0..<48 {
                group.addTask {
                    do {
                        _ = try await store.append(
                            [event(), event()], to: StreamID("job-\(attempt % 4)"), expectedVersion: .noStream)
                        return (attempt % 4, true)
                    } catch is WrongExpectedVersionError {
                        return (attempt % 4, false)
                    }
                }
            }
            return try await group.reduce(into: [(Int, Bool)]()) { $0.append($1) }
        }
        for stream in 0..<4 {
            #expect(outcomes.filter { $0.0 == stream && $0.1 }.count == 1)
            let stored = try await store.read(stream: StreamID("job-\(stream)"), fromVersion: 1, limit: 100)
            #expect(stored.map(\.streamVersion) == [1, 2])
        }
        #expect(store.lastSequence == 8)
        #expect(expectWellFormed(try allEvents(store)))
    }

    @Test func theLogGrowsPastTheInitialMapSize() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path, options: .init(initialMapSize: 256 << 10))
        let payload = String(repeating: "x", count: 16 << 10)
        for index in 0..<512 {
            _ = try await store.append([event("Big", payload)], to: StreamID("job-\(index % 7)"), expectedVersion: .any)
        }
        // Checkpoints put the events into data.mdb on their own thread; a close waits for the last one.
        store.close()
        #expect(store.mapSize > 256 << 10)
        let reopened = try LMDBEventStore(path: directory.path)
        let events = try allEvents(reopened)
        #expect(events.count == 512)
        #expect(expectWellFormed(events))
    }

    @Test func reopeningContinuesTheSequenceAndTheChain() async throws {
        let directory = TemporaryDirectory()
        var store: LMDBEventStore? = try LMDBEventStore(path: directory.path)
        _ = try await store!.append([event(), event()], to: "job-a", expectedVersion: .noStream)
        store!.close()
        store = nil
        let reopened = try LMDBEventStore(path: directory.path)
        #expect(reopened.lastSequence == 2)
        let next = try await reopened.append([event()], to: "job-a", expectedVersion: .exact(2))
        #expect(next[0].sequence == 3 && next[0].streamVersion == 3)
        #expect(expectWellFormed(try allEvents(reopened)))
    }

    @Test func appendsAfterCloseAreRefused() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        store.close()
        await #expect(throws: EventStoreError.closed) {
            try await store.append([event()], to: "job-a", expectedVersion: .any)
        }
    }

    @Test func annotationsAreStoredBesideTheLogAndOverwritten() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        try await store.putAnnotation(namespace: "check-in", key: [1], value: [10])
        try await store.putAnnotation(namespace: "check-in", key: [1], value: [11])
        try await store.putAnnotation(namespace: "check-in", key: [2], value: [20])
        try await store.putAnnotation(namespace: "other", key: [1], value: [99])
        let found = try store.annotations(namespace: "check-in")
        #expect(found.map(\.key) == [[1], [2]])
        #expect(found.map(\.value) == [[11], [20]])
        #expect(store.lastSequence == 0)
    }

    @Test func annotationsLMDBCannotStoreAreRefusedBeforeTheyAreQueued() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        // "check-in", NUL, key: 9 + 502 = 511 bytes is LMDB's limit here; one more byte is refused.
        try await store.putAnnotation(namespace: "check-in", key: [UInt8](repeating: 7, count: 502), value: [1])
        // Refused by the store's own check, not by LMDB inside a commit (which would be a `.storage` error).
        let tooLong = EventStoreError.invalidAnnotation(
            namespace: "check-in", reason: "namespace and key take 512 bytes; at most 511 fit")
        await #expect(throws: tooLong) {
            try await store.putAnnotation(namespace: "check-in", key: [UInt8](repeating: 7, count: 503), value: [1])
        }
        await #expect(throws: EventStoreError.invalidAnnotation(namespace: "", reason: "no namespace")) {
            try await store.putAnnotation(namespace: "", key: [1], value: [1])
        }
        await #expect(
            throws: EventStoreError.invalidAnnotation(namespace: "a\u{0}b", reason: "the namespace contains a NUL byte")
        ) {
            try await store.putAnnotation(namespace: "a\u{0}b", key: [1], value: [1])
        }
        #expect(try store.annotations(namespace: "check-in").map(\.key.count) == [502])
        #expect(try await store.append([event()], to: "job-a", expectedVersion: .noStream).count == 1)
    }

    @Test func aFloodOfLargeAppendsIsSplitAcrossCommitsWithinTheBudget() async throws {
        let directory = TemporaryDirectory()
        var options = LMDBEventStore.Options()
        options.maximumCommitBytes = 256 << 10
        let store = try LMDBEventStore(path: directory.path, options: options)
        let commits = Mutex<[Int]>([])
        store.addCommitObserver { events in
            commits.withLock { $0.append(events.reduce(0) { $0 + $1.payload.count + 128 }) }
        }
        let payload = [UInt8](repeating: 42, count: 60 << 10)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<48 {
                group.addTask {
                    let large = ProposedEvent(type: "Large", payload: payload)
                    _ = try await store.append([large], to: StreamID("job-\(index)"), expectedVersion: .noStream)
                }
            }
            try await group.waitForAll()
        }
        let sizes = commits.withLock { $0 }
        // Every append succeeded, and no commit took more than the budget (four of these at most).
        #expect(sizes.reduce(0, +) == 48 * (payload.count + 128))
        #expect(sizes.allSatisfy { $0 <= 256 << 10 }, "commit sizes: \(sizes)")
        #expect(sizes.count >= 12)
        #expect(try allEvents(store).count == 48)
    }

    @Test func oneAppendLargerThanTheBudgetStillCommits() async throws {
        let directory = TemporaryDirectory()
        var options = LMDBEventStore.Options()
        options.maximumCommitBytes = 1 << 10
        let store = try LMDBEventStore(path: directory.path, options: options)
        let large = ProposedEvent(type: "Large", payload: [UInt8](repeating: 7, count: 64 << 10))
        let appended = try await store.append([large, large], to: "job-big", expectedVersion: .noStream)
        #expect(appended.map(\.streamVersion) == [1, 2])
        #expect(try allEvents(store).map(\.payload) == [large.payload, large.payload])
    }
}

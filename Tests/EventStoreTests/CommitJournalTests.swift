import Foundation
import LMDB
import TestSupport
import Testing

@testable import EventStore

/// Commits are durable in the journal before they are in data.mdb: what a crash leaves there is read, put
/// into data.mdb at the next writable open, cut at a torn tail, and reported when it was damaged after it
/// was acknowledged.
struct CommitJournalTests {
    /// Appends `count` events in `count` commits, cycling through three streams, and closes the store.
    func writeJournalOnly(_ path: String, count: Int) async throws -> [RecordedEvent] {
        let store = try LMDBEventStore(path: path, options: JournalTesting.journalOnly)
        var written: [RecordedEvent] = []
        for index in 0..<count {
            written += try await store.append(
                [event("Happened", "event \(index)")], to: StreamID("job-\(index % 3)"), expectedVersion: .any)
        }
        try await store.putAnnotation(namespace: "check-in", key: [1], value: [1])
        try await store.putAnnotation(namespace: "check-in", key: [1], value: [2])
        store.close()
        return written
    }

    @Test func eventsOnlyInTheJournalAreReadAndThenPutIntoTheDataFile() async throws {
        let directory = TemporaryDirectory()
        let written = try await writeJournalOnly(directory.path, count: 20)
        #expect(try eventsInDataFile(directory.path) == 0, "nothing was checkpointed")
        do {
            let reader = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
            #expect(reader.lastSequence == 20)
            #expect(try allEvents(reader) == written)
            #expect(
                try await reader.read(stream: "job-1", fromVersion: 2, limit: 10) == [
                    written[4], written[7],
                    written[10], written[13], written[16], written[19],
                ])
            #expect(try reader.version(of: "job-2") == 6 && reader.version(of: "job-9") == 0)
            #expect(try reader.annotations(namespace: "check-in").map(\.value) == [[2]])
            var verified: [UInt64] = []
            try reader.forEachRecordVerifyingChain { sequence, _ in
                verified.append(sequence)
                return true
            }
            #expect(verified == Array(1...20))
        }
        #expect(try eventsInDataFile(directory.path) == 0, "a read-only open writes nothing")
        let writer = try LMDBEventStore(path: directory.path)
        #expect(try eventsInDataFile(directory.path) == 20, "a writable open puts the journal into data.mdb")
        #expect(writer.lastSequence == 20)
        #expect(try writer.annotations(namespace: "check-in").map(\.value) == [[2]])
        await #expect(throws: WrongExpectedVersionError(streamID: "job-0", expected: .noStream, actual: 7)) {
            try await writer.append([event()], to: "job-0", expectedVersion: .noStream)
        }
        let next = try await writer.append([event()], to: "job-0", expectedVersion: .exact(7))
        #expect(next[0].sequence == 21 && next[0].previousHash == written[19].hash)
        #expect(expectWellFormed(try allEvents(writer)))
    }

    @Test func aTornLastCommitIsCutAndTheLogGoesOnFromTheCommitBefore() async throws {
        let directory = TemporaryDirectory()
        let written = try await writeJournalOnly(directory.path, count: 10)
        let journal = try JournalTesting.frames(directory.path)
        // The last event's frame is the tenth; its last byte is the last byte of its hash.
        let lastEvent = journal.offsets[9] + JournalFrame.headerSize + journal.frames[9].payload.count - 1
        try JournalTesting.flipByte(in: journal.file, at: lastEvent)
        do {
            let reader = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
            #expect(try allEvents(reader) == Array(written.prefix(9)))
        }
        let writer = try LMDBEventStore(path: directory.path)
        #expect(writer.lastSequence == 9)
        let next = try await writer.append([event()], to: "job-0", expectedVersion: .exact(3))
        #expect(next[0].sequence == 10 && next[0].previousHash == written[8].hash)
        #expect(expectWellFormed(try allEvents(writer)))
    }

    @Test func damageBeforeAcknowledgedCommitsIsReportedNotCut() async throws {
        let directory = TemporaryDirectory()
        _ = try await writeJournalOnly(directory.path, count: 10)
        let journal = try JournalTesting.frames(directory.path)
        // Event 3's payload, well inside its record: events 4 to 10 were acknowledged after it was flushed.
        try JournalTesting.flipByte(in: journal.file, at: journal.offsets[2] + JournalFrame.headerSize + 10)
        for readOnly in [true, false] {
            #expect(throws: EventStoreError.self) {
                try LMDBEventStore(path: directory.path, options: .init(readOnly: readOnly))
            }
        }
        #expect(try eventsInDataFile(directory.path) == 0, "a refused open puts nothing into data.mdb")
    }

    @Test func manyGenerationsKeepEveryEventAndVersionThroughCheckpointsAndReopening() async throws {
        let directory = TemporaryDirectory()
        var options = LMDBEventStore.Options()
        options.generationBytes = 4 << 10
        let store = try LMDBEventStore(path: directory.path, options: options)
        // Released before the reopening below: this process may not hold the log read-only while it writes.
        do {
            let reader = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
            try await readWhileWriting(store, reader)
        }
        #expect(try (0..<8).allSatisfy { try store.version(of: StreamID("job-\($0)")) == 100 })
        let before = try allEvents(store)
        #expect(before.count == 800 && expectWellFormed(before))
        store.close()
        #expect(try eventsInDataFile(directory.path) == 800, "a close checkpoints everything")
        let reopened = try LMDBEventStore(path: directory.path, options: options)
        #expect(try allEvents(reopened) == before)
        #expect(try reopened.version(of: "job-3") == 100)
    }

    /// A journal that claims the last generation number there is (damage can say anything) opens, and the
    /// next generation's number wraps instead of trapping.
    @Test func aJournalAtTheLastGenerationNumberStillOpens() async throws {
        let directory = TemporaryDirectory()
        let written = try await writeJournalOnly(directory.path, count: 3)
        let journal = try JournalTesting.frames(directory.path)
        // Every frame of the three commits: each event's and the padding frame right after it.
        for (frame, offset) in zip(journal.frames, journal.offsets) {
            for start in [offset, offset + JournalFrame.headerSize + frame.payload.count] {
                try JournalTesting.overwrite(journal.file, at: start + 12, with: [UInt8](repeating: 0xFF, count: 8))
            }
        }
        let writer = try LMDBEventStore(path: directory.path)
        #expect(try allEvents(writer) == written)
        _ = try await writer.append([event()], to: "job-0", expectedVersion: .exact(1))
        writer.close()
        let reopened = try LMDBEventStore(path: directory.path)
        #expect(reopened.lastSequence == 4)
        #expect(expectWellFormed(try allEvents(reopened)))
    }

    /// Eight appenders write a hundred versions of a stream each while `reader` reads the whole log again
    /// and again.
    func readWhileWriting(_ store: LMDBEventStore, _ reader: LMDBEventStore) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask {
                    for version in 0..<100 {
                        let expected: ExpectedVersion = version == 0 ? .noStream : .exact(UInt64(version))
                        _ = try await store.append(
                            [event("Happened", String(repeating: "x", count: 200))], to: StreamID("job-\(lane)"),
                            expectedVersion: expected)
                    }
                }
            }
            // Reads while generations are written and checkpointed see a gap-free prefix every time.
            group.addTask {
                for _ in 0..<20 {
                    #expect(expectWellFormed(try allEvents(reader)))
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            try await group.waitForAll()
        }
    }
}

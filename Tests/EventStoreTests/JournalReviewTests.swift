import Foundation
import LMDB
import Synchronization
import TestSupport
import Testing

@testable import EventStore

/// The commit journal against its invariants, from a review of its first version (each of these failed
/// then): damage to frame headers, torn multi-event commits, readers racing checkpoints, concurrent closes.
struct JournalReviewTests {
    // MARK: - Invariant 5: damage to an acknowledged commit is reported, never silently dropped

    /// Damage in a frame's *header* (magic, kind, length, generation) ends the reading of its file there; the
    /// acknowledged commits after it must still be found (on their block boundaries) and reported, not
    /// dropped silently for a writable open to reuse their sequence numbers (which the first version did).
    @Test(arguments: [0, 4, 12])
    func damageToAFrameHeaderBeforeAcknowledgedCommitsIsReported(byteInHeader: Int) async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path, options: JournalTesting.journalOnly)
        for index in 0..<10 {
            _ = try await store.append([event("Happened", "event \(index)")], to: "job-1", expectedVersion: .any)
        }
        store.close()
        let journal = try JournalTesting.frames(directory.path)
        #expect(journal.frames.count == 10)
        // Event 3's header: events 4 to 10 were flushed and acknowledged after it.
        try JournalTesting.flipByte(in: journal.file, at: journal.offsets[2] + byteInHeader)
        for readOnly in [true, false] {
            #expect(throws: EventStoreError.self, "readOnly: \(readOnly)") {
                let opened = try LMDBEventStore(path: directory.path, options: .init(readOnly: readOnly))
                Issue.record("opened with \(opened.lastSequence) events; 10 were acknowledged")
            }
        }
        #expect(try eventsInDataFile(directory.path) == 0, "a refused open puts nothing into data.mdb")
    }

    // MARK: - Invariant 5: a torn tail (the unacknowledged last commit) is cut

    /// A crash in the middle of the last commit's write leaves its first frames whole. Recovery must drop the
    /// whole commit, never keep the first events of one that was never acknowledged: an append's events are
    /// all or nothing (the first version kept every event frame that chained).
    @Test func aTornLastCommitIsCutWholeNotHalfway() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path, options: JournalTesting.journalOnly)
        for index in 0..<3 {
            _ = try await store.append([event("Happened", "event \(index)")], to: "job-1", expectedVersion: .any)
        }
        // One append of three events: one commit, four frames... three event frames, the first starts it.
        _ = try await store.append(
            [event("A", "first"), event("B", "second"), event("C", "third")], to: "job-2", expectedVersion: .noStream)
        store.close()
        let journal = try JournalTesting.frames(directory.path)
        #expect(journal.frames.count == 6)
        #expect(journal.frames[3].startsCommit && !journal.frames[4].startsCommit && !journal.frames[5].startsCommit)
        // The crash: the write of that commit reached the middle of its third frame (then zeros, as preallocated).
        let tear = journal.offsets[5] + JournalFrame.headerSize + 10
        let end = journal.offsets[5] + JournalFrame.headerSize + journal.frames[5].payload.count
        try JournalTesting.overwrite(journal.file, at: tear, with: [UInt8](repeating: 0, count: end - tear))
        do {
            let reader = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
            let seen = try allEvents(reader)
            #expect(
                seen.count == 3,
                "a read-only store sees part of an unacknowledged commit: \(seen.map { "\($0.sequence) \($0.streamID) v\($0.streamVersion)" })"
            )
            #expect(try reader.version(of: "job-2") == 0)
        }
        let writer = try LMDBEventStore(path: directory.path)
        #expect(writer.lastSequence == 3, "recovery put part of an unacknowledged commit into data.mdb")
        // The appender retries the append that failed: it must succeed.
        await #expect(throws: Never.self) {
            _ = try await writer.append(
                [event("A", "first"), event("B", "second"), event("C", "third")], to: "job-2",
                expectedVersion: .noStream)
        }
    }

    // MARK: - Read-only stores racing a writer's checkpoints (no false damage)

    /// Read-only opens and reads while a writer checkpoints generations and reuses their files never call a
    /// healthy log damaged (the first version's open read data.mdb's head before the files, without a second
    /// look, and did).
    @Test func readOnlyOpensWhileAWriterCheckpointsNeverReportDamage() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path, options: JournalTesting.smallGenerations)
        defer { store.close() }
        _ = try await store.append([event()], to: "job-0", expectedVersion: .any)
        let done = Atomic<Bool>(false)
        let writerTask = Task {
            for index in 0..<1500 {
                _ = try await store.append(
                    [event("Happened", String(repeating: "x", count: 300))], to: StreamID("job-\(index % 8)"),
                    expectedVersion: .any)
            }
            done.store(true, ordering: .relaxed)
        }
        var failures: [String] = []
        var opens = 0
        let reader = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
        // Bounded: each look reads both journal files (8 MiB or more each) and the whole log.
        while !done.load(ordering: .relaxed) && opens < 40 {
            opens += 1
            do {
                let opened = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
                _ = opened.lastSequence
            } catch {
                failures.append("open: \(error)")
            }
            do {
                #expect(expectWellFormed(try allEvents(reader)))
            } catch {
                failures.append("read: \(error)")
            }
        }
        try await writerTask.value
        #expect(
            failures.isEmpty, "\(failures.count) of \(opens) read-only looks failed; first: \(failures.first ?? "")")
    }

    /// `topchef verify` reads the journal files (a `JournalSnapshot`) before each pass over data.mdb: a
    /// writer that checkpoints and reuses its files meanwhile must not make a healthy log look damaged when
    /// the snapshot is read on after data.mdb's newer head.
    @Test func aJournalSnapshotReadOnAfterANewerHeadOfDataMdbDoesNotCallAHealthyLogDamaged() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path, options: JournalTesting.smallGenerations)
        defer { store.close() }
        func append(_ count: Int) async throws {
            for index in 0..<count {
                _ = try await store.append(
                    [event("Happened", String(repeating: "y", count: 300))], to: StreamID("job-\(index % 4)"),
                    expectedVersion: .any)
            }
        }
        func waitForCheckpoints() async throws {
            for _ in 0..<200 where try eventsInDataFile(directory.path) != Int(store.lastSequence) {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        try await append(50)
        let journal = try LMDBEventStore.JournalSnapshot(path: directory.path)
        try await append(100)
        try await waitForCheckpoints()
        let head = try #require(try allEvents(store).last)
        var journaled = 0
        #expect(throws: Never.self) {
            try journal.forEachRecord(after: head.sequence, hash: head.hash) { _, _ in
                journaled += 1
                return true
            }
        }
        #expect(journaled == 0)
    }

    // MARK: - close()

    /// A second `close()` while the first is still committing and checkpointing waits for it: it used to find
    /// the writer no longer accepting requests, skip the wait and release the writer lock, so that another
    /// writer could open the log while this one still wrote the journal and data.mdb.
    @Test func aSecondCloseDoesNotReleaseTheWriterLockWhileTheFirstStillWrites() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        _ = try await store.append([event()], to: "job-0", expectedVersion: .any)
        let payload = String(repeating: "z", count: 512 << 10)
        // Queue plenty of work for the writer and the close's checkpoint.
        let appends = (0..<96).map { index in
            Task {
                try? await store.append([event("Big", payload)], to: StreamID("big-\(index)"), expectedVersion: .any)
            }
        }
        // Sleeping, not spinning, and bounded: the appends need the cooperative pool's threads to queue up,
        // and a busy test suite may give them few.
        for _ in 0..<1000 where (store.writer?.queuedCount ?? 0) < 8 {
            try await Task.sleep(for: .milliseconds(2))
        }
        let firstCloseDone = Atomic<Bool>(false)
        let first = Thread {
            store.close()
            firstCloseDone.store(true, ordering: .sequentiallyConsistent)
        }
        first.start()
        for _ in 0..<10000 where store.writer?.acceptsRequests == true { try await Task.sleep(for: .microseconds(100)) }
        store.close()
        // The second close returned: the first one's work is done, every event is in data.mdb, and only now
        // may another writer open the log.
        let inDataFileAtSecondClose = try eventsInDataFile(directory.path)
        #expect(throws: Never.self) { _ = try LMDBEventStore(path: directory.path) }
        while !firstCloseDone.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(1)) }
        var committed = 1
        for append in appends where await append.value != nil { committed += 1 }
        #expect(inDataFileAtSecondClose == committed, "every append the first close committed was checkpointed")
    }
}

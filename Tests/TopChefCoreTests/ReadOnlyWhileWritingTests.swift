import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore

/// Tools open the log read-only while a server writes it, from another process.
struct ReadOnlyWhileWritingTests {
    /// Starts a `CrashWriter` process appending to the log in `directory`.
    func startWriter(in directory: TemporaryDirectory, initialMapSize: Int? = nil) throws -> Process {
        let writerPath = try #require(builtExecutable(named: "CrashWriter"), "the CrashWriter executable was not built")
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: writerPath)
        writer.arguments = [directory.path] + (initialMapSize.map { [String($0)] } ?? [])
        writer.standardOutput = FileHandle.nullDevice
        try writer.run()
        return writer
    }

    func stop(_ writer: Process) {
        writer.terminate()
        writer.waitUntilExit()
    }

    /// Opens the log read-only once the writer has created it and written a little; nil if it never does.
    func openReader(of directory: TemporaryDirectory, options: LMDBEventStore.Options) async throws -> LMDBEventStore? {
        for _ in 0..<200 {
            if let store = try? LMDBEventStore(path: directory.path, options: options), store.lastSequence >= 10 {
                return store
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test(.timeLimit(.minutes(2)))
    func aReadOnlyStoreFollowsAWriterInAnotherProcess() async throws {
        let directory = TemporaryDirectory()
        let writer = try startWriter(in: directory)
        defer { stop(writer) }
        let reader = try #require(
            try await openReader(of: directory, options: .init(readOnly: true)), "the writer did not start")
        let first = reader.lastSequence
        // The read-only view keeps up with the writer. (The log stays within its first 64 MiB map here.)
        var later = first
        for _ in 0..<200 where later < first + 1000 {
            try await Task.sleep(for: .milliseconds(20))
            later = reader.lastSequence
        }
        #expect(later > first)
        var count: UInt64 = 0
        try reader.forEachEvent(from: 1, verifyHashes: true) { event in
            count += 1
            return event.sequence < later
        }
        #expect(count == later)
        // And a subscription on it sees events the other process appends.
        var seen = 0
        for try await event in reader.subscribe(after: later) {
            #expect(event.sequence == later + UInt64(seen) + 1)
            seen += 1
            if seen == 50 { break }
        }
        #expect(seen == 50)
    }

    @Test(.timeLimit(.minutes(2)))
    func aReadOnlyStoreAdoptsTheMapAnotherProcessGrew() async throws {
        let directory = TemporaryDirectory()
        // A 1 MiB map, so that the writer has to grow it several times while the reader is open.
        let writer = try startWriter(in: directory, initialMapSize: 1 << 20)
        defer { stop(writer) }
        let reader = try #require(
            try await openReader(of: directory, options: .init(readOnly: true, initialMapSize: 1 << 20)),
            "the writer did not start")
        let mapAtOpen = reader.mapSize
        // Read until a checkpoint of the writer has recorded a grown map (its checkpoints write thousands of
        // events at a time, so the file may outgrow the reader's map well before a commit records the map
        // that holds it). Every read adopts the grown map (MDB_MAP_RESIZED is absorbed).
        var last = reader.lastSequence
        for _ in 0..<1500 where reader.mapSize <= mapAtOpen {
            try await Task.sleep(for: .milliseconds(20))
            last = reader.lastSequence
        }
        #expect(reader.mapSize > mapAtOpen)
        // And it sees every event, hashes verified.
        var count: UInt64 = 0
        try reader.forEachEvent(from: 1, verifyHashes: true) { event in
            count += 1
            return event.sequence < last
        }
        #expect(count == last)
        #expect(last > 1000)
    }
}

import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore

/// Tools open the log read-only while a server writes it, from another process.
struct ReadOnlyWhileWritingTests {
    @Test(.timeLimit(.minutes(2)))
    func aReadOnlyStoreFollowsAWriterInAnotherProcess() async throws {
        let writerPath = try #require(builtExecutable(named: "CrashWriter"), "the CrashWriter executable was not built")
        let directory = TemporaryDirectory()
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: writerPath)
        writer.arguments = [directory.path]
        writer.standardOutput = FileHandle.nullDevice
        try writer.run()
        defer {
            writer.terminate()
            writer.waitUntilExit()
        }
        // Wait for the writer to create the log and write a little.
        var store: LMDBEventStore?
        for _ in 0..<200 where store == nil {
            store = try? LMDBEventStore(path: directory.path, options: .init(readOnly: true))
            if store?.lastSequence ?? 0 < 10 { store = nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        let reader = try #require(store, "the writer did not start")
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
        let writerPath = try #require(builtExecutable(named: "CrashWriter"), "the CrashWriter executable was not built")
        let directory = TemporaryDirectory()
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: writerPath)
        // A 1 MiB map, so that the writer has to grow it several times while the reader is open.
        writer.arguments = [directory.path, String(1 << 20)]
        writer.standardOutput = FileHandle.nullDevice
        try writer.run()
        defer {
            writer.terminate()
            writer.waitUntilExit()
        }
        var store: LMDBEventStore?
        for _ in 0..<200 where store == nil {
            store = try? LMDBEventStore(path: directory.path, options: .init(readOnly: true, initialMapSize: 1 << 20))
            if store?.lastSequence ?? 0 < 10 { store = nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        let reader = try #require(store, "the writer did not start")
        let mapAtOpen = reader.mapSize
        #expect(mapAtOpen < 4 << 20)
        // Wait until the writer's log is well past the reader's map (two doublings at least).
        let dataFile = directory.appending("data.mdb")
        for _ in 0..<1000 {
            let size = (try? FileManager.default.attributesOfItem(atPath: dataFile)[.size] as? Int) ?? 0
            if size > 4 * mapAtOpen { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Every read adopts the grown map (MDB_MAP_RESIZED is absorbed) and sees every event, hashes verified.
        let last = reader.lastSequence
        #expect(reader.mapSize > mapAtOpen)
        var count: UInt64 = 0
        try reader.forEachEvent(from: 1, verifyHashes: true) { event in
            count += 1
            return event.sequence < last
        }
        #expect(count == last)
        #expect(last > 1000)
    }
}

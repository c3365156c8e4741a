import EventStore
import Foundation
import LMDB
import TestSupport
import Testing

/// Opening refuses what is not a TopChef log, with one message naming the path, and writes nothing to it.
struct LMDBEventStoreOpeningTests {
    /// Every file under `path` with its bytes, to prove that a refused open wrote nothing. LMDB's lock
    /// file holds only the reader table of live processes, which LMDB resets at every open; the data
    /// file must be untouched.
    func contents(of path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            result[name] = name == "lock.mdb" ? Data() : FileManager.default.contents(atPath: path + "/" + name)
        }
        return result
    }

    func expectRefusal(at path: String, matching check: (EventStoreError) -> Bool, readOnly: Bool = false) throws {
        let before = try contents(of: path)
        do {
            _ = try LMDBEventStore(path: path, options: .init(readOnly: readOnly))
            Issue.record("opening \(path) should have failed")
        } catch {
            #expect(check(error), "unexpected error: \(error)")
            #expect(error.description.hasPrefix(path), "the message must name the path: \(error)")
            #expect(!error.description.contains("\n"))
        }
        #expect(try contents(of: path) == before, "a refused open must not write to the directory")
    }

    @Test func aMissingDirectoryIsCreatedForWritingButNotForReading() throws {
        let directory = TemporaryDirectory()
        let path = directory.appending("new/log")
        #expect(throws: EventStoreError.missingDirectory(path: path)) {
            _ = try LMDBEventStore(path: path, options: .init(readOnly: true))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        let store = try LMDBEventStore(path: path)
        #expect(store.lastSequence == 0)
    }

    @Test func aDirectoryWithOtherFilesIsNotALog() throws {
        let directory = TemporaryDirectory()
        FileManager.default.createFile(atPath: directory.appending("notes.txt"), contents: Data("hello".utf8))
        try expectRefusal(at: directory.path) {
            if case .notAnEventLog = $0 { return true } else { return false }
        }
    }

    @Test func aFileThatIsNotLMDBIsNotALog() throws {
        let directory = TemporaryDirectory()
        FileManager.default.createFile(
            atPath: directory.appending("data.mdb"), contents: Data(repeating: 0x42, count: 8192))
        try expectRefusal(at: directory.path) {
            if case .notAnEventLog = $0 { return true } else { return false }
        }
        try expectRefusal(
            at: directory.path,
            matching: {
                if case .notAnEventLog = $0 { return true } else { return false }
            }, readOnly: true)
    }

    @Test func anotherLMDBEnvironmentIsNotALog() throws {
        let directory = TemporaryDirectory()
        do {
            let other = try LMDBEnvironment(path: directory.path)
            let database = try other.openDatabase(named: "something-else", create: true)
            try other.write { try $0.put([1], forKey: [1], in: database) }
        }
        try expectRefusal(at: directory.path) {
            if case .notAnEventLog = $0 { return true } else { return false }
        }
    }

    @Test func aNewerFormatIsRefused() async throws {
        let directory = TemporaryDirectory()
        do {
            let store = try LMDBEventStore(path: directory.path)
            _ = try await store.append([event()], to: "job-a", expectedVersion: .any)
            store.close()
        }
        do {
            let raw = try LMDBEnvironment(path: directory.path)
            let meta = try raw.openDatabase(named: "meta", create: false)
            try raw.write {
                try $0.put(
                    withUnsafeBytes(of: UInt32(99).bigEndian) { Array($0) }, forKey: Array("format".utf8), in: meta)
            }
        }
        try expectRefusal(at: directory.path) {
            $0 == .unsupportedFormat(path: directory.path, found: 99, supported: LMDBEventStore.formatVersion)
        }
    }

    @Test func aDamagedLastEventIsRefusedNamingItsSequenceNumber() async throws {
        let directory = TemporaryDirectory()
        do {
            let store = try LMDBEventStore(path: directory.path)
            for _ in 0..<3 { _ = try await store.append([event()], to: "job-a", expectedVersion: .any) }
            store.close()
        }
        do {
            let raw = try LMDBEnvironment(path: directory.path)
            let events = try raw.openDatabase(named: "events", create: false)
            try raw.write { transaction in
                var record = try transaction.value(in: events, forKey: BigEndianKey.bytes(3))!
                record[record.count / 2] ^= 0xFF
                try transaction.put(record, forKey: BigEndianKey.bytes(3), in: events)
            }
        }
        try expectRefusal(at: directory.path) {
            if case .damaged(_, let sequence, _) = $0 { return sequence == 3 } else { return false }
        }
    }

    @Test func aGapInTheSequenceIsRefused() async throws {
        let directory = TemporaryDirectory()
        do {
            let store = try LMDBEventStore(path: directory.path)
            for _ in 0..<3 { _ = try await store.append([event()], to: "job-a", expectedVersion: .any) }
            store.close()
        }
        do {
            let raw = try LMDBEnvironment(path: directory.path)
            let events = try raw.openDatabase(named: "events", create: false)
            try raw.write { try $0.delete(key: BigEndianKey.bytes(2), in: events) }
        }
        try expectRefusal(at: directory.path) {
            if case .damaged = $0 { return true } else { return false }
        }
    }

    @Test func aReadOnlyStoreCannotAppend() async throws {
        let directory = TemporaryDirectory()
        _ = try LMDBEventStore(path: directory.path)
        let readOnly = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
        await #expect(throws: EventStoreError.readOnly(path: directory.path)) {
            try await readOnly.append([event()], to: "job-a", expectedVersion: .any)
        }
    }
}

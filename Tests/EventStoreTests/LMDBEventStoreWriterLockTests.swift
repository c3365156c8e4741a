import EventStore
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One writer per log: a writable store holds `writer.lock` until it closes, a second writable open is
/// refused with one message naming the path, and read-only opens never need the lock.
struct LMDBEventStoreWriterLockTests {
    /// Every file in `path` with its bytes (LMDB's lock file, reset at every open, as empty).
    func contents(of path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            result[name] = name == "lock.mdb" ? Data() : FileManager.default.contents(atPath: path + "/" + name)
        }
        return result
    }

    /// A duplicate of the store's `writer.lock` descriptor: what a child process holds between its fork and
    /// its exec, which closes it.
    func duplicateOfTheLockDescriptor(in directory: String) throws -> Int32? {
        let lockPath = directory + "/writer.lock"
        for name in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            guard let fd = Int32(name),
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name)) == lockPath
            else { continue }
            return dup(fd)
        }
        return nil
    }

    @Test func closingReleasesTheLockWhileAChildBeingStartedHoldsACopyOfItsDescriptor() async throws {
        let directory = TemporaryDirectory()
        let first = try LMDBEventStore(path: directory.path)
        let copy = try #require(try duplicateOfTheLockDescriptor(in: directory.path), "no writer.lock descriptor")
        try #require(copy >= 0)
        defer { close(copy) }
        first.close()
        let second = try LMDBEventStore(path: directory.path)
        second.close()
    }

    @Test func aSecondWritableOpenIsRefusedUntilTheFirstCloses() async throws {
        let directory = TemporaryDirectory()
        let first = try LMDBEventStore(path: directory.path)
        _ = try await first.append([event()], to: "job-a", expectedVersion: .noStream)
        let before = try contents(of: directory.path)
        do {
            _ = try LMDBEventStore(path: directory.path)
            Issue.record("a second writable open should have been refused")
        } catch {
            #expect(error == .writerLocked(path: directory.path, holder: getpid()))
            #expect(
                error.description
                    == "\(directory.path): another open store in this process is already writing to this log "
                    + "(lock \(directory.path)/writer.lock held)")
        }
        #expect(try contents(of: directory.path) == before, "a refused open must not write to the log")
        // The first store is unaffected.
        let next = try await first.append([event()], to: "job-a", expectedVersion: .exact(1))
        #expect(next[0].sequence == 2)
        first.close()

        let second = try LMDBEventStore(path: directory.path)
        #expect(second.lastSequence == 2)
        let third = try await second.append([event()], to: "job-a", expectedVersion: .exact(2))
        #expect(third[0].sequence == 3)
        #expect(expectWellFormed(try allEvents(second)))
    }

    @Test func aReadOnlyOpenNeedsNoLock() async throws {
        let directory = TemporaryDirectory()
        let writer = try LMDBEventStore(path: directory.path)
        _ = try await writer.append([event(), event()], to: "job-a", expectedVersion: .noStream)
        let reader = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
        #expect(reader.lastSequence == 2)
        _ = try await writer.append([event()], to: "job-b", expectedVersion: .noStream)
        #expect(reader.lastSequence == 3)
        #expect(try allEvents(reader).count == 3)
        // Nor does a reader hold the writer back once the writer is gone.
        writer.close()
        let nextWriter = try LMDBEventStore(path: directory.path)
        #expect(nextWriter.lastSequence == 3)
    }

    @Test func anAbandonedStoreReleasesTheLock() async throws {
        let directory = TemporaryDirectory()
        do {
            let abandoned = try LMDBEventStore(path: directory.path)
            _ = try await abandoned.append([event()], to: "job-a", expectedVersion: .noStream)
        }
        let store = try LMDBEventStore(path: directory.path)
        #expect(store.lastSequence == 1)
    }

    @Test func aLockFileLeftBehindDoesNotStopANewLog() throws {
        // A crashed holder leaves its lock file, pid included, in a directory that may not have a log yet:
        // only the kernel's lock counts, never the file's content.
        let directory = TemporaryDirectory()
        let path = directory.appending("log")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        FileManager.default.createFile(atPath: path + "/writer.lock", contents: Data("\(getpid())\n".utf8))
        let store = try LMDBEventStore(path: path)
        #expect(store.lastSequence == 0)
        #expect(FileManager.default.fileExists(atPath: path + "/data.mdb"))
    }
}

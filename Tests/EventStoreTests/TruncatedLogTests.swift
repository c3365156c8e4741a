import Foundation
import LMDB
import TestSupport
import Testing

@testable import EventStore

/// A log whose data.mdb was cut short is refused at open as damaged, naming the file's size and the size
/// the log uses, read-only and writable, and nothing is written to its directory. Without the check LMDB
/// maps the file and the process dies with SIGBUS.
struct TruncatedLogTests {
    /// Every file in `path` with its bytes.
    func contents(of path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            result[name] = FileManager.default.contents(atPath: path + "/" + name)
        }
        return result
    }

    /// Writes a log of about 1 MiB, closes it, and returns the bytes of data.mdb its pages use.
    func writeLog(_ path: String) async throws -> Int {
        let store = try LMDBEventStore(path: path)
        let text = String(repeating: "x", count: 2000)
        for index in 0..<500 {
            _ = try await store.append(
                [event("Happened", text)], to: StreamID("job-\(index % 7)"), expectedVersion: .any)
        }
        store.close()
        // A writable open's transaction (it records the format and what the journal holds) writes zeros ahead
        // of the used pages as it begins (FilePreallocator); the close's checkpoint of this busy log may have
        // used them up (measured: size == used without this open), and the test below is about a file that
        // has them.
        try LMDBEventStore(path: path).close()
        let environment = try LMDBEnvironment(path: path, options: .init(readOnly: true))
        return environment.usedSize
    }

    func truncate(_ path: String, to size: Int) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path + "/data.mdb"))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }

    /// Opens `path` read-only and writable and expects `expected` both times, the directory untouched.
    func expectRefusal(_ path: String, _ expected: EventStoreError) throws {
        let before = try contents(of: path)
        for readOnly in [true, false] {
            #expect(throws: expected, "read-only: \(readOnly)") {
                _ = try LMDBEventStore(path: path, options: .init(readOnly: readOnly))
            }
        }
        #expect(try contents(of: path) == before, "a refused open must not write to the directory")
    }

    @Test(arguments: [8192, 20000, 500_000, -4096, -1])
    func aLogCutShortOfItsUsedPagesIsDamaged(cut: Int) async throws {
        let directory = TemporaryDirectory()
        let used = try await writeLog(directory.path)
        #expect(used > 1_000_000)
        let size = cut > 0 ? cut : used + cut
        try truncate(directory.path, to: size)
        try expectRefusal(directory.path, .truncated(path: directory.path, fileSize: size, requiredSize: used))
        let message = EventStoreError.truncated(path: directory.path, fileSize: size, requiredSize: used).description
        #expect(
            message
                == "\(directory.path): the event log is damaged: data.mdb is \(size) bytes, shorter than the \(used) "
                + "bytes the log uses (the file was truncated)")
    }

    @Test func aCopyOfDataMDBAloneIsRefusedWithoutCreatingLockFiles() async throws {
        let directory = TemporaryDirectory()
        let used = try await writeLog(directory.path)
        try truncate(directory.path, to: 20000)
        // As a copy of data.mdb alone would be: no lock.mdb, no writer.lock, which an open would create,
        // and no journal files.
        for name in ["lock.mdb", "writer.lock"] + CommitJournal.fileNames {
            try FileManager.default.removeItem(atPath: directory.appending(name))
        }
        try expectRefusal(directory.path, .truncated(path: directory.path, fileSize: 20000, requiredSize: used))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["data.mdb"])
    }

    @Test(arguments: [100, 4096])
    func aLogShorterThanItsTwoMetaPagesIsDamaged(size: Int) async throws {
        let directory = TemporaryDirectory()
        _ = try await writeLog(directory.path)
        try truncate(directory.path, to: size)
        let pages = 2 * Int(sysconf(Int32(_SC_PAGESIZE)))
        try expectRefusal(directory.path, .truncated(path: directory.path, fileSize: size, requiredSize: pages))
    }

    @Test func anEmptyDataFileIsNotALog() async throws {
        let directory = TemporaryDirectory()
        _ = try await writeLog(directory.path)
        try truncate(directory.path, to: 0)
        try expectRefusal(directory.path, .notAnEventLog(path: directory.path, reason: "data.mdb is empty"))
    }

    @Test func anIntactLogWithPreallocatedZerosOpens() async throws {
        let directory = TemporaryDirectory()
        let used = try await writeLog(directory.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appending("data.mdb"))
        let size = try #require(attributes[.size] as? Int)
        #expect(size > used, "the writer keeps written zeros beyond the used pages")
        do {
            // Released before the writer opens: this process may not hold the log read-only while it writes.
            let reader = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
            #expect(reader.lastSequence == 500)
        }
        let writer = try LMDBEventStore(path: directory.path)
        #expect(writer.lastSequence == 500)
        _ = try await writer.append([event()], to: "job-0", expectedVersion: .any)
        writer.close()
    }
}

import Foundation
import TestSupport
import Testing

@testable import EventStore

/// The lock that lets a reader without access to lock.mdb read safely: it is had only while no writer
/// holds writer.lock, and a writer cannot start while a reader holds it.
struct SharedWriterLockTests {
    @Test func aReaderIsRefusedWhileAWriterRuns() async throws {
        let directory = TemporaryDirectory()
        let writer = try LMDBEventStore(path: directory.path)
        let lockPath = directory.appending("writer.lock")
        #expect(
            throws: EventStoreError.readerCannotLock(
                path: directory.path, reason: "the log is being written (\(lockPath) is held)")
        ) {
            _ = try SharedWriterLock(directory: directory.path)
        }
        writer.close()
        _ = try SharedWriterLock(directory: directory.path)
    }

    @Test func aWriterIsRefusedWhileAReaderHoldsItAndReadersShareIt() async throws {
        let directory = TemporaryDirectory()
        try LMDBEventStore(path: directory.path).close()
        do {
            let reader = try SharedWriterLock(directory: directory.path)
            let another = try SharedWriterLock(directory: directory.path)
            let lockPath = directory.appending("writer.lock")
            #expect(
                throws: EventStoreError.storage(
                    path: directory.path,
                    message: "a reader that cannot use lock.mdb is reading this log (it holds \(lockPath) shared); "
                        + "writing must wait until it has finished")
            ) {
                _ = try LMDBEventStore(path: directory.path)
            }
            withExtendedLifetime((reader, another)) {}
        }
        // Released with the last reader.
        try LMDBEventStore(path: directory.path).close()
    }

    @Test func aMissingLockFileIsNamed() throws {
        let directory = TemporaryDirectory()
        #expect(
            throws: EventStoreError.readerCannotLock(
                path: directory.path,
                reason: "there is no \(directory.appending("writer.lock")) to keep writers out with")
        ) {
            _ = try SharedWriterLock(directory: directory.path)
        }
    }
}

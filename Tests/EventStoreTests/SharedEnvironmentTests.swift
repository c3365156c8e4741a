import Foundation
import TestSupport
import Testing

@testable import EventStore

/// Stores of one log in one process share one LMDB environment: LMDB must not open an environment twice
/// in a process (a second open resets the reader table under the first).
struct SharedEnvironmentTests {
    @Test func aReaderOfALogThisProcessWritesSharesTheWritersEnvironment() async throws {
        let directory = TemporaryDirectory()
        let writer = try LMDBEventStore(path: directory.path)
        _ = try await writer.append([event()], to: "job-a", expectedVersion: .noStream)
        let reader = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
        let second = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
        #expect(reader.environment === writer.environment)
        #expect(second.environment === writer.environment)
        _ = try await writer.append([event()], to: "job-b", expectedVersion: .noStream)
        #expect(reader.lastSequence == 2)
        #expect(try allEvents(second).count == 2)
        // A writer reopened while the readers live shares the same environment too.
        writer.close()
        let next = try LMDBEventStore(path: directory.path)
        #expect(next.environment === reader.environment)
        _ = try await next.append([event()], to: "job-c", expectedVersion: .noStream)
        #expect(try allEvents(reader).count == 3)
    }

    @Test func writingWhileThisProcessHoldsTheLogReadOnlyIsRefusedUntilTheReadersGo() async throws {
        let directory = TemporaryDirectory()
        do {
            let first = try LMDBEventStore(path: directory.path)
            _ = try await first.append([event()], to: "job-a", expectedVersion: .noStream)
            first.close()
        }
        do {
            let reader = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
            #expect(reader.lastSequence == 1)
            #expect(throws: EventStoreError.self) { try LMDBEventStore(path: directory.path) }
        }
        let writer = try LMDBEventStore(path: directory.path)
        #expect(writer.lastSequence == 1)
    }

    @Test func logsInDifferentDirectoriesHaveTheirOwnEnvironments() throws {
        let one = TemporaryDirectory()
        let two = TemporaryDirectory()
        let first = try LMDBEventStore(path: one.path)
        let second = try LMDBEventStore(path: two.path)
        #expect(first.environment !== second.environment)
    }
}

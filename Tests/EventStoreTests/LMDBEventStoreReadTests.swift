import EventStore
import TestSupport
import Testing

struct LMDBEventStoreReadTests {
    @Test func readsPageForwardFromASequenceNumber() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        for index in 0..<10 {
            _ = try await store.append([event("E", "\(index)")], to: "job-a", expectedVersion: .any)
        }
        let page = try await store.read(from: 4, limit: 3)
        #expect(page.map(\.sequence) == [4, 5, 6])
        #expect(try await store.read(from: 11, limit: 3).isEmpty)
    }

    @Test func readsOneStreamInVersionOrder() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        for index in 0..<6 {
            _ = try await store.append(
                [event("E", "\(index)")], to: StreamID("job-\(index % 2)"), expectedVersion: .any)
        }
        let stream = try await store.read(stream: "job-1", fromVersion: 2, limit: 10)
        #expect(stream.map(\.streamVersion) == [2, 3])
        #expect(stream.map { String(decoding: $0.payload, as: UTF8.self) } == ["3", "5"])
        #expect(try await store.read(stream: "job-9", fromVersion: 1, limit: 10).isEmpty)
        #expect(try store.version(of: "job-0") == 3)
    }

    @Test func aSubscriptionDeliversEveryNewEventInOrder() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        _ = try await store.append([event("E", "before")], to: "job-a", expectedVersion: .any)
        let received = Task {
            var sequences: [UInt64] = []
            for try await event in store.subscribe(after: 0) {
                sequences.append(event.sequence)
                if sequences.count == 20 { break }
            }
            return sequences
        }
        for index in 0..<19 {
            _ = try await store.append([event("E", "\(index)")], to: "job-b", expectedVersion: .any)
        }
        #expect(try await received.value == Array(1...20))
    }

    @Test func aSubscriptionEndsWhenTheStoreCloses() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        let waiting = Task {
            var count = 0
            for try await _ in store.subscribe(after: 0) { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(50))
        store.close()
        #expect(try await waiting.value == 0)
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("provenance routes")
struct ProvenanceRouteTests {
    @Test func jobHistoryListsEveryStepInOrder() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            let job = try await client.submitJob(service)
            let working = try await client.send(.patch, "/jobs/\(job)", json: #"{"status":"WORKING"}"#)
            #expect(working.status == 200)
            let history = try await client.send(.get, "/jobs/\(job)/history")
            #expect(history.status == 200)
            let detail = try #require(history.object["job"] as? [String: Any])
            #expect(detail["status"] as? String == "WORKING")
            let entries = try #require(history.object["history"] as? [[String: Any]])
            #expect(entries.map { $0["type"] as? String } == ["JobSubmitted", "JobStatusChanged"])
            #expect(entries.map { $0["version"] as? Int } == [1, 2])
            let sequences = entries.compactMap { $0["sequence"] as? Int }
            #expect(sequences == sequences.sorted() && sequences.count == 2)
            #expect((history.object["service_at_submission"] as? [String: Any])?["id"] as? String == service)

            let unknown = try await client.send(.get, "/jobs/00000000-0000-0000-0000-000000000000/history")
            #expect(unknown.status == 404)
            #expect(unknown.errorTitles == ["Job Not Found"])
        }
    }

    @Test func serviceHistoryListsItsJobs() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            let first = try await client.submitJob(service)
            let second = try await client.submitJob(service)
            let history = try await client.send(.get, "/services/\(service)/history")
            #expect(history.status == 200)
            let jobs = try #require(history.object["jobs"] as? [[String: Any]])
            #expect(jobs.map { $0["id"] as? String } == [first, second])
            #expect((history.object["history"] as? [Any])?.count == 1)
            let unknown = try await client.send(.get, "/services/00000000-0000-0000-0000-000000000000/history")
            #expect(unknown.status == 404)
        }
    }

    @Test func eventsArePagedBySequenceNumber() async throws {
        try await withTopChef { client in
            let service = try await client.registerService()
            _ = try await client.submitJob(service)
            _ = try await client.submitJob(service)
            let first = try await client.send(.get, "/events?limit=2")
            #expect(first.status == 200)
            let events = try #require(first.object["events"] as? [[String: Any]])
            #expect(events.map { $0["sequence"] as? Int } == [1, 2])
            #expect(first.object["next_after"] as? Int == 2)
            #expect(first.object["last_sequence"] as? Int == 3)
            let rest = try await client.send(.get, "/events?after=2&limit=10")
            #expect((rest.object["events"] as? [[String: Any]])?.map { $0["sequence"] as? Int } == [3])
            let none = try await client.send(.get, "/events?after=3")
            #expect((none.object["events"] as? [Any])?.isEmpty == true)
            #expect(none.object["next_after"] as? Int == 3)
            let bad = try await client.send(.get, "/events?after=x")
            #expect(bad.status == 400)
        }
    }
}

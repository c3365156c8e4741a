import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore
import TopChefTools

struct HistoryTests {
    @Test func jobHistoryShowsEveryTransitionInOrderWithTimes() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        let history = try await ProvenanceReader(store: store).jobHistory(scenario.jobA)

        #expect(history.entries.map(\.sequence) == [2, 4, 5, 6])
        #expect(history.entries.map(\.streamVersion) == [1, 2, 3, 4])
        #expect(
            history.entries.map(\.time) == [Scenario.time(1), Scenario.time(3.5), Scenario.time(5), Scenario.time(5)])
        #expect(history.entries.map(\.recordedAt) == history.entries.map(\.time))
        #expect(history.entries.map(\.microsecondsSincePrevious) == [nil, 2_500_000, 1_500_000, 0])
        #expect(history.entries.map(\.microsecondsSinceStart) == [0, 2_500_000, 4_000_000, 4_000_000])
        guard case .jobStatusChanged(let working) = history.entries[1].event,
            case .jobResultsRecorded(let results) = history.entries[2].event,
            case .jobStatusChanged(let completed) = history.entries[3].event
        else {
            Issue.record("unexpected events \(history.entries.map(\.event.typeName))")
            return
        }
        #expect((working.from, working.to) == (.registered, .working))
        #expect(String(decoding: results.results, as: UTF8.self) == #"{"energy":-1.5,"fit":{"ok":true}}"#)
        #expect((completed.from, completed.to) == (.working, .completed))
        #expect(history.status == .completed)
        #expect(history.parameters == Array(#"{"a":{"b":1},"c":"x"}"#.utf8))
        // The service as it was at submission, not as renamed later.
        #expect(history.serviceAtSubmission.name == "fit")
        #expect(history.serviceAtSubmission.isAvailable == false)
        #expect(history.serviceAtSubmission.parametersSchema == Scenario.parametersSchema)
        #expect(history.serviceAtSubmission.resultsSchema == Scenario.resultsSchema)
        #expect(history.serviceAtSubmission.registrationSequence == 1)
    }

    @Test func laterJobSeesTheServiceAsChanged() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let reader = ProvenanceReader(store: try LogAccess.openReadOnly(scenario.directory))
        let history = try await reader.jobHistory(scenario.jobC)
        #expect(history.serviceAtSubmission.name == "fit v2")
        #expect(history.serviceAtSubmission.isAvailable)
        #expect(history.serviceAtSubmission.streamVersion == 2)
        #expect(history.status == .registered)
        #expect(history.entries.count == 1)
    }

    @Test func serviceHistoryListsChangesAndJobs() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let reader = ProvenanceReader(store: try LogAccess.openReadOnly(scenario.directory))
        let history = try await reader.serviceHistory(scenario.service)
        #expect(history.entries.map(\.sequence) == [1, 7])
        #expect(history.entries.map(\.microsecondsSincePrevious) == [nil, 6_000_000])
        #expect(history.service.name == "fit v2")
        #expect(history.jobs.map(\.jobID) == [scenario.jobA, scenario.jobB, scenario.jobC])
        #expect(history.jobs.map(\.status) == [.completed, .error, .registered])
        #expect(history.jobs.map(\.hasResults) == [true, false, false])
        #expect(history.jobs.map(\.submissionSequence) == [2, 3, 8])
    }

    @Test func subjectTellsJobsFromServicesAndRejectsUnknownIDs() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let reader = ProvenanceReader(store: try LogAccess.openReadOnly(scenario.directory))
        #expect(try reader.subject(scenario.jobB.uuidString) == .job(scenario.jobB))
        #expect(try reader.subject(scenario.other.uuidString.lowercased()) == .service(scenario.other))
        #expect(throws: ProvenanceError.malformedID("not-a-uuid")) { try reader.subject("not-a-uuid") }
        let undashed = scenario.jobB.uuidString.replacingOccurrences(of: "-", with: "")
        #expect(try reader.subject(undashed) == .job(scenario.jobB))
        let unknown = UUID()
        #expect(throws: ProvenanceError.unknownID(unknown.uuidString)) { try reader.subject(unknown.uuidString) }
        await #expect(throws: ProvenanceError.jobNotFound(unknown)) { try await reader.jobHistory(unknown) }
        let error = ToolError(ProvenanceError.unknownID("x"))
        #expect(error.kind == .unknownID && error.exitCode == 3)
        #expect(ToolError(ProvenanceError.malformedID("x")).exitCode == 7)
    }

    @Test func historyJSONIsValidAndComplete() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let reader = ProvenanceReader(store: try LogAccess.openReadOnly(scenario.directory))
        let json = ProvenanceJSON.jobHistory(try await reader.jobHistory(scenario.jobA))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let job = try #require(object["job"] as? [String: Any])
        #expect(job["status"] as? String == "COMPLETED")
        #expect((job["parameters"] as? [String: Any])?["c"] as? String == "x")
        let service = try #require(object["service_at_submission"] as? [String: Any])
        #expect(service["name"] as? String == "fit")
        let entries = try #require(object["history"] as? [[String: Any]])
        #expect(entries.map { $0["sequence"] as? Int } == [2, 4, 5, 6])
        #expect(entries.map { $0["time"] as? String }[1] == "2026-03-01T12:00:03.500000Z")
        #expect(entries.map { $0["seconds_since_previous"] as? Double } == [nil, 2.5, 1.5, 0])
        #expect((entries[1]["data"] as? [String: Any])?["to"] as? String == "WORKING")
        #expect(String(decoding: json, as: UTF8.self).contains(#""seconds_since_previous":2.5,"#))

        let serviceJSON = ProvenanceJSON.serviceHistory(try await reader.serviceHistory(scenario.service))
        let serviceObject = try #require(try JSONSerialization.jsonObject(with: Data(serviceJSON)) as? [String: Any])
        #expect((serviceObject["jobs"] as? [[String: Any]])?.count == 3)
    }

    @Test func secondsAreExactDecimals() {
        #expect(ProvenanceJSON.seconds(microseconds: 2_500_000) == "2.5")
        #expect(ProvenanceJSON.seconds(microseconds: 3_000_000) == "3")
        #expect(ProvenanceJSON.seconds(microseconds: -1) == "-0.000001")
        #expect(ProvenanceJSON.seconds(microseconds: 1_020_300) == "1.0203")
    }
}

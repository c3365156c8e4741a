import EventStore
import Foundation
import Testing
import TopChefCore

struct InvariantCheckerTests {
    let service = UUID()
    let job = UUID()

    func recorded(_ event: DomainEvent, sequence: UInt64, version: UInt64, stream: StreamID? = nil, at: Int64 = 0)
        -> RecordedEvent
    {
        let proposed = DomainEventCodec.encode(event)
        return RecordedEvent(
            sequence: sequence, streamID: stream ?? event.streamID, streamVersion: version, type: proposed.type,
            typeVersion: proposed.typeVersion, recordedAt: Timestamp(microsecondsSinceEpoch: at), metadata: .none,
            payload: proposed.payload, previousHash: [], hash: [])
    }

    /// Folds `events` through a checker and returns the violations.
    func violations(_ events: [RecordedEvent]) throws -> [InvariantViolation] {
        var state = ProjectionState()
        var checker = InvariantChecker()
        for event in events {
            let decoded = try DomainEventCodec.decode(event)
            checker.check(event, decoded, before: state)
            state.apply(decoded, sequence: event.sequence, streamVersion: event.streamVersion)
        }
        checker.finish(state)
        return checker.violations
    }

    var registration: DomainEvent {
        .serviceRegistered(
            ServiceRegistered(
                serviceID: service, name: "s", description: "", parametersSchema: Array("{}".utf8),
                resultsSchema: Array("{}".utf8), timeoutSeconds: 30, registeredAt: Timestamp(microsecondsSinceEpoch: 0))
        )
    }

    var submission: DomainEvent {
        .jobSubmitted(
            JobSubmitted(
                jobID: job, serviceID: service, parameters: Array("{}".utf8),
                submittedAt: Timestamp(microsecondsSinceEpoch: 0)))
    }

    func change(_ from: JobStatus, _ to: JobStatus) -> DomainEvent {
        .jobStatusChanged(
            JobStatusChanged(jobID: job, from: from, to: to, changedAt: Timestamp(microsecondsSinceEpoch: 0)))
    }

    @Test func aSoundHistoryHasNoViolations() throws {
        let events = [
            recorded(registration, sequence: 1, version: 1),
            recorded(submission, sequence: 2, version: 1),
            recorded(change(.registered, .working), sequence: 3, version: 2),
        ]
        #expect(try violations(events).isEmpty)
    }

    @Test func aChangeFromTheWrongStatusIsReported() throws {
        let events = [
            recorded(registration, sequence: 1, version: 1),
            recorded(submission, sequence: 2, version: 1),
            recorded(change(.working, .completed), sequence: 3, version: 2),
        ]
        let found = try violations(events)
        #expect(found.map(\.sequence) == [3])
        #expect(found.first?.message.contains("changes from WORKING but is REGISTERED") == true)
    }

    @Test func gapsWrongStreamsVersionsAndOrphansAreReported() throws {
        let events = [
            recorded(submission, sequence: 1, version: 1),
            recorded(registration, sequence: 3, version: 1, at: 10),
            recorded(change(.registered, .working), sequence: 4, version: 3, stream: "job-x", at: 5),
        ]
        let found = try violations(events)
        #expect(found.contains { $0.sequence == 1 && $0.message.contains("not registered") })
        #expect(found.contains { $0.sequence == 3 && $0.message.contains("follows sequence number 1") })
        #expect(found.contains { $0.sequence == 4 && $0.message.contains("before the event preceding it") })
        #expect(found.contains { $0.sequence == 4 && $0.message.contains("is in stream job-x") })
        #expect(found.contains { $0.sequence == 4 && $0.message.contains("goes from version 0 to 3") })
    }
}

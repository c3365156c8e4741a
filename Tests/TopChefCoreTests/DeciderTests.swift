import EventStore
import Foundation
import Testing
import TopChefCore

struct DeciderTests {
    let now = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000)
    let schema = Array(#"{"type":"object"}"#.utf8)

    func stateWithService() throws -> (ProjectionState, UUID) {
        var state = ProjectionState()
        let id = UUID()
        let decision = try Decider.decide(
            .registerService(
                RegisterService(
                    serviceID: id, name: "s", description: "d", parametersSchema: schema, resultsSchema: schema)),
            state: state, now: now)
        for (offset, event) in decision.events.enumerated() {
            state.apply(event, sequence: UInt64(offset + 1), streamVersion: UInt64(offset + 1))
        }
        return (state, id)
    }

    @Test func registeringAServiceProducesOneEventOnANewStream() throws {
        let id = UUID()
        let decision = try Decider.decide(
            .registerService(
                RegisterService(
                    serviceID: id, name: "n", description: "d", parametersSchema: schema, resultsSchema: schema,
                    timeoutSeconds: 12)),
            state: ProjectionState(), now: now)
        #expect(decision.streamID == .service(id))
        #expect(decision.expectedVersion == .noStream)
        #expect(
            decision.events == [
                .serviceRegistered(
                    ServiceRegistered(
                        serviceID: id, name: "n", description: "d", parametersSchema: schema, resultsSchema: schema,
                        timeoutSeconds: 12, registeredAt: now))
            ])
    }

    @Test func aNonPositiveTimeoutIsRefused() throws {
        #expect(throws: DomainError.invalidTimeout(0)) {
            try Decider.decide(
                .registerService(
                    RegisterService(
                        name: "n", description: "d", parametersSchema: schema, resultsSchema: schema, timeoutSeconds: 0)
                ),
                state: ProjectionState(), now: now)
        }
        let (state, id) = try stateWithService()
        #expect(throws: DomainError.invalidTimeout(-5)) {
            try Decider.decide(.updateService(UpdateService(serviceID: id, timeoutSeconds: -5)), state: state, now: now)
        }
    }

    @Test func aTimeoutBeyondTheOriginalsLongestPeriodIsRefused() throws {
        let longest = ServiceRecord.maximumTimeoutSeconds
        let (state, id) = try stateWithService()
        #expect(throws: DomainError.invalidTimeout(longest + 1)) {
            try Decider.decide(
                .updateService(UpdateService(serviceID: id, timeoutSeconds: longest + 1)), state: state, now: now)
        }
        #expect(throws: DomainError.invalidTimeout(.max)) {
            try Decider.decide(
                .registerService(
                    RegisterService(
                        name: "n", description: "d", parametersSchema: schema, resultsSchema: schema,
                        timeoutSeconds: .max)),
                state: ProjectionState(), now: now)
        }
        let accepted = try Decider.decide(
            .updateService(UpdateService(serviceID: id, timeoutSeconds: longest)), state: state, now: now)
        #expect(accepted.events.count == 1)
    }

    @Test func registeringTheSameIdTwiceIsRefused() throws {
        let (state, id) = try stateWithService()
        #expect(throws: DomainError.serviceAlreadyExists(id)) {
            try Decider.decide(
                .registerService(
                    RegisterService(
                        serviceID: id, name: "again", description: "d", parametersSchema: schema, resultsSchema: schema)
                ),
                state: state, now: now)
        }
    }

    @Test func anUpdateRecordsOnlyWhatChanges() throws {
        let (state, id) = try stateWithService()
        let decision = try Decider.decide(
            .updateService(UpdateService(serviceID: id, name: "s", description: "new", isAvailable: true)),
            state: state, now: now)
        #expect(decision.expectedVersion == .exact(1))
        #expect(
            decision.events == [
                .serviceUpdated(
                    ServiceUpdated(
                        serviceID: id, name: nil, description: "new", timeoutSeconds: nil, isAvailable: true,
                        updatedAt: now))
            ])
        let unchanged = try Decider.decide(
            .updateService(UpdateService(serviceID: id, name: "s")), state: state, now: now)
        #expect(unchanged.events.isEmpty)
    }

    @Test func jobsNeedAnExistingService() throws {
        let missing = UUID()
        #expect(throws: DomainError.serviceNotFound(missing)) {
            try Decider.decide(
                .submitJob(SubmitJob(serviceID: missing, parameters: [])), state: ProjectionState(), now: now)
        }
    }

    @Test func aJobUpdateRecordsResultsThenTheStatusChange() throws {
        var (state, serviceID) = try stateWithService()
        let jobID = UUID()
        let submitted = try Decider.decide(
            .submitJob(SubmitJob(jobID: jobID, serviceID: serviceID, parameters: Array("{}".utf8))), state: state,
            now: now)
        #expect(submitted.expectedVersion == .noStream && submitted.streamID == .job(jobID))
        state.apply(submitted.events[0], sequence: 2, streamVersion: 1)
        let results = Array(#"{"x":1}"#.utf8)
        let update = try Decider.decide(
            .updateJob(UpdateJob(jobID: jobID, status: .completed, results: results)), state: state, now: now)
        #expect(update.expectedVersion == .exact(1))
        #expect(
            update.events == [
                .jobResultsRecorded(JobResultsRecorded(jobID: jobID, results: results, recordedAt: now)),
                .jobStatusChanged(JobStatusChanged(jobID: jobID, from: .registered, to: .completed, changedAt: now)),
            ])
        let same = try Decider.decide(.updateJob(UpdateJob(jobID: jobID, status: .registered)), state: state, now: now)
        #expect(same.events.isEmpty)
        #expect(throws: DomainError.jobNotFound(serviceID)) {
            try Decider.decide(.updateJob(UpdateJob(jobID: serviceID, status: .working)), state: state, now: now)
        }
    }

    @Test func everyEventSurvivesItsCodec() throws {
        let id = UUID()
        let events: [DomainEvent] = [
            .serviceRegistered(
                ServiceRegistered(
                    serviceID: id, name: "ñame", description: "", parametersSchema: schema, resultsSchema: [],
                    timeoutSeconds: 30, registeredAt: now)),
            .serviceUpdated(
                ServiceUpdated(
                    serviceID: id, name: nil, description: "d", timeoutSeconds: 5, isAvailable: false, updatedAt: now)),
            .serviceUpdated(
                ServiceUpdated(
                    serviceID: id, name: "x", description: nil, timeoutSeconds: nil, isAvailable: nil, updatedAt: now)),
            .jobSubmitted(JobSubmitted(jobID: id, serviceID: id, parameters: Array("[1]".utf8), submittedAt: now)),
            .jobStatusChanged(JobStatusChanged(jobID: id, from: .working, to: .error, changedAt: now)),
            .jobResultsRecorded(JobResultsRecorded(jobID: id, results: Array("{}".utf8), recordedAt: now)),
        ]
        for (offset, event) in events.enumerated() {
            let proposed = DomainEventCodec.encode(event)
            let recorded = RecordedEvent(
                sequence: UInt64(offset + 1), streamID: event.streamID, streamVersion: 1, type: proposed.type,
                typeVersion: proposed.typeVersion, recordedAt: now, metadata: .none, payload: proposed.payload,
                previousHash: [], hash: [])
            #expect(try DomainEventCodec.decode(recorded) == event)
        }
    }

    @Test func anUnknownEventTypeIsADecodingErrorNamingTheSequence() {
        let recorded = RecordedEvent(
            sequence: 42, streamID: "job-x", streamVersion: 1, type: "JobTeleported", typeVersion: 1, recordedAt: now,
            metadata: .none, payload: [], previousHash: [], hash: [])
        #expect(throws: DomainEventDecodingError(sequence: 42, type: "JobTeleported", reason: "unknown event type")) {
            try DomainEventCodec.decode(recorded)
        }
    }
}

struct TimeOrderedUUIDTests {
    @Test func idsAreVersion7AndSortByTime() {
        let earlier = UUID.timeOrdered(now: Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000))
        let later = UUID.timeOrdered(now: Timestamp(microsecondsSinceEpoch: 1_700_000_000_001_000))
        #expect(earlier.uuid.6 >> 4 == 7 && earlier.uuid.8 >> 6 == 2)
        #expect(earlier.lowercasedString < later.lowercasedString)
        #expect(earlier.lowercasedString.hasPrefix("018bcfe5-6800-7"))
        #expect(UUID.timeOrdered() != UUID.timeOrdered())
    }
}

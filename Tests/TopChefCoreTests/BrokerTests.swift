import EventStore
import Foundation
import Synchronization
import TestSupport
import Testing
import TopChefCore

struct BrokerTests {
    let schema = Array(#"{"type":"object"}"#.utf8)

    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let now = Mutex(Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000))
        func advance(seconds: Int64) { now.withLock { $0 = $0.adding(seconds: seconds) } }
        var read: @Sendable () -> Timestamp { { self.now.withLock { $0 } } }
    }

    @Test func aJobCycleIsProjectedAndSurvivesARestart() async throws {
        let directory = TemporaryDirectory()
        let clock = ManualClock()
        var broker = try Broker.open(directory: directory.path, clock: clock.read)
        let service = try await broker.registerService(
            RegisterService(
                name: "fit", description: "fits", parametersSchema: schema, resultsSchema: schema, timeoutSeconds: 10))
        clock.advance(seconds: 1)
        let job = try await broker.submitJob(SubmitJob(serviceID: service.id, parameters: Array(#"{"a":1}"#.utf8)))
        #expect(job.status == .registered && job.submittedAt == clock.read())
        #expect(broker.projection.read { $0.queue(ofService: service.id, limit: 10)?.map(\.id) } == [job.id])
        let done = try await broker.updateJob(UpdateJob(jobID: job.id, status: .completed, results: Array("{}".utf8)))
        #expect(done.status == .completed && done.results == Array("{}".utf8) && done.streamVersion == 3)
        #expect(broker.projection.read { $0.queue(ofService: service.id, limit: 10)?.isEmpty } == true)
        let before = ProjectionViews(broker.projection.snapshot)
        broker.close()

        broker = try Broker.open(directory: directory.path, clock: clock.read)
        #expect(ProjectionViews(broker.projection.snapshot) == before)
        #expect(broker.store.lastSequence == 4)
    }

    @Test func checkInsSurviveARestartWithoutGrowingTheLog() async throws {
        let directory = TemporaryDirectory()
        let clock = ManualClock()
        var broker = try Broker.open(directory: directory.path, clock: clock.read)
        let service = try await broker.registerService(
            RegisterService(
                name: "s", description: "d", parametersSchema: schema, resultsSchema: schema, timeoutSeconds: 10))
        clock.advance(seconds: 60)
        #expect(broker.projection.read { $0.service(service.id)!.hasTimedOut(at: clock.read()) })
        for _ in 0..<100 { try await broker.checkIn(serviceID: service.id) }
        #expect(broker.store.lastSequence == 1)
        #expect(!broker.projection.read { $0.service(service.id)!.hasTimedOut(at: clock.read()) })
        broker.close()

        clock.advance(seconds: 5)
        broker = try Broker.open(directory: directory.path, clock: clock.read)
        #expect(!broker.projection.read { $0.service(service.id)!.hasTimedOut(at: clock.read()) })
        clock.advance(seconds: 6)
        #expect(broker.projection.read { $0.service(service.id)!.hasTimedOut(at: clock.read()) })
        await #expect(throws: DomainError.self) {
            try await broker.checkIn(serviceID: UUID())
        }
    }

    @Test func concurrentUpdatesOfOneJobAreAllApplied() async throws {
        let directory = TemporaryDirectory()
        let broker = try Broker.open(directory: directory.path)
        let service = try await broker.registerService(
            RegisterService(name: "s", description: "d", parametersSchema: schema, resultsSchema: schema))
        let job = try await broker.submitJob(SubmitJob(serviceID: service.id, parameters: Array("{}".utf8)))
        // Forty updates race for one stream; each conflict is decided again, none is lost.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    _ = try await broker.updateJob(UpdateJob(jobID: job.id, results: Array("{\"n\":\(index)}".utf8)))
                }
            }
            try await group.waitForAll()
        }
        #expect(broker.projection.read { $0.job(job.id)?.streamVersion } == 41)
    }

    @Test func concurrentSubmissionsWithOneJobIDCreateOneJob() async throws {
        let directory = TemporaryDirectory()
        let broker = try Broker.open(directory: directory.path)
        let service = try await broker.registerService(
            RegisterService(name: "s", description: "d", parametersSchema: schema, resultsSchema: schema))
        let jobID = UUID()
        // Submissions take no per-stream lock; the log's expected-version check alone must keep a repeated
        // id from becoming two jobs, and the losers must hear that the job exists.
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<24 {
                group.addTask {
                    do {
                        _ = try await broker.submitJob(
                            SubmitJob(jobID: jobID, serviceID: service.id, parameters: Array("{\"n\":\(index)}".utf8)))
                        return true
                    } catch DomainError.jobAlreadyExists(let id) {
                        #expect(id == jobID)
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await broker.store.read(stream: .job(jobID), fromVersion: 1, limit: 10).count == 1)
        #expect(broker.projection.read { $0.jobCount } == 1)
    }

    @Test func replayUntilAPointShowsTheStateThen() async throws {
        let directory = TemporaryDirectory()
        let broker = try Broker.open(directory: directory.path)
        let service = try await broker.registerService(
            RegisterService(name: "s", description: "d", parametersSchema: schema, resultsSchema: schema))
        let job = try await broker.submitJob(SubmitJob(serviceID: service.id, parameters: Array("{}".utf8)))
        let middle = ProjectionViews(broker.projection.snapshot)
        _ = try await broker.updateJob(UpdateJob(jobID: job.id, status: .working))
        #expect(ProjectionViews(try Broker.replay(broker.store, until: 2)) == middle)
        #expect(ProjectionViews(try Broker.replay(broker.store)) == ProjectionViews(broker.projection.snapshot))
    }
}

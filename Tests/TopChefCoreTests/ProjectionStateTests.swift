import EventStore
import Foundation
import Testing
import TopChefCore

struct ProjectionStateTests {
    let now = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000)

    /// Folds events in with consecutive sequence numbers and per-stream versions.
    struct Folder {
        var state = ProjectionState()
        var versions: [StreamID: UInt64] = [:]
        var sequence: UInt64 = 0

        mutating func apply(_ events: DomainEvent...) {
            for event in events {
                sequence += 1
                versions[event.streamID, default: 0] += 1
                state.apply(event, sequence: sequence, streamVersion: versions[event.streamID]!)
            }
        }
    }

    func registered(_ id: UUID) -> DomainEvent {
        .serviceRegistered(
            ServiceRegistered(
                serviceID: id, name: "s", description: "d", parametersSchema: [], resultsSchema: [], timeoutSeconds: 30,
                registeredAt: now))
    }

    func submitted(_ job: UUID, to service: UUID) -> DomainEvent {
        .jobSubmitted(JobSubmitted(jobID: job, serviceID: service, parameters: Array("{}".utf8), submittedAt: now))
    }

    func status(_ job: UUID, _ from: JobStatus, _ to: JobStatus) -> DomainEvent {
        .jobStatusChanged(JobStatusChanged(jobID: job, from: from, to: to, changedAt: now))
    }

    @Test func theQueueHoldsRegisteredJobsOldestFirstIncludingOnesPutBack() {
        var folder = Folder()
        let service = UUID()
        let jobs = (0..<5).map { _ in UUID() }
        folder.apply(registered(service))
        for job in jobs { folder.apply(submitted(job, to: service)) }
        folder.apply(status(jobs[0], .registered, .working), status(jobs[2], .registered, .completed))
        #expect(folder.state.queue(ofService: service, limit: 10)?.map(\.id) == [jobs[1], jobs[3], jobs[4]])
        // A job moved back to REGISTERED takes its submission place again, not the end of the queue.
        folder.apply(status(jobs[0], .working, .registered))
        #expect(folder.state.queue(ofService: service, limit: 2)?.map(\.id) == [jobs[0], jobs[1]])
        #expect(folder.state.queueLength(ofService: service) == 4)
        // Leaving and coming back twice does not put it in the queue twice.
        folder.apply(status(jobs[0], .registered, .working), status(jobs[0], .working, .registered))
        #expect(folder.state.queue(ofService: service, limit: 10)?.map(\.id) == [jobs[0], jobs[1], jobs[3], jobs[4]])
        #expect(folder.state.queue(ofService: UUID(), limit: 10) == nil)
    }

    @Test func aQueueThatIsMostlyStaleStillAnswersInOrder() {
        var folder = Folder()
        let service = UUID()
        folder.apply(registered(service))
        let jobs = (0..<1000).map { _ in UUID() }
        for job in jobs { folder.apply(submitted(job, to: service)) }
        for job in jobs.dropLast(3) { folder.apply(status(job, .registered, .completed)) }
        #expect(folder.state.queue(ofService: service, limit: 10)?.map(\.id) == Array(jobs.suffix(3)))
        #expect(folder.state.jobCounts[.completed] == 997 && folder.state.jobCounts[.registered] == 3)
    }

    @Test func jobListsPageWithAfter() {
        var folder = Folder()
        let (first, second) = (UUID(), UUID())
        folder.apply(registered(first), registered(second))
        let jobs = (0..<6).map { _ in UUID() }
        for (index, job) in jobs.enumerated() {
            folder.apply(submitted(job, to: index.isMultiple(of: 2) ? first : second))
        }
        #expect(folder.state.jobs(after: nil, limit: 2)?.map(\.id) == Array(jobs[0..<2]))
        #expect(folder.state.jobs(after: jobs[1], limit: 10)?.map(\.id) == Array(jobs[2...]))
        #expect(folder.state.jobs(ofService: first, after: nil, limit: 10)?.map(\.id) == [jobs[0], jobs[2], jobs[4]])
        #expect(folder.state.jobs(ofService: first, after: jobs[2], limit: 1)?.map(\.id) == [jobs[4]])
        #expect(folder.state.jobs(ofService: first, after: jobs[1], limit: 1) == nil)
        #expect(folder.state.jobs(after: UUID(), limit: 1) == nil)
        #expect(folder.state.jobCount(ofService: second) == 3)
    }

    @Test func serviceUpdatesAndCheckInsChangeTheRecord() {
        var folder = Folder()
        let service = UUID()
        folder.apply(registered(service))
        folder.apply(
            .serviceUpdated(
                ServiceUpdated(
                    serviceID: service, name: "renamed", description: nil, timeoutSeconds: 5, isAvailable: true,
                    updatedAt: now)))
        var record = folder.state.service(service)!
        #expect(
            record.name == "renamed" && record.description == "d" && record.timeoutSeconds == 5 && record.isAvailable)
        #expect(record.streamVersion == 2)
        #expect(!record.hasTimedOut(at: now.adding(seconds: 5)))
        #expect(record.hasTimedOut(at: now.adding(seconds: 6)))
        folder.state.recordCheckIn(of: service, at: now.adding(seconds: 100))
        record = folder.state.service(service)!
        #expect(!record.hasTimedOut(at: now.adding(seconds: 104)))
    }

    /// A log written before timeouts were bounded may hold one whose microseconds overflow `Int64`: reading
    /// the service must answer, not trap (it did: one PATCH made every later GET crash the server).
    @Test func aTimeoutTooLongForMicrosecondsNeverPassesAndDoesNotTrap() {
        var folder = Folder()
        let service = UUID()
        folder.apply(registered(service))
        for timeout in [Int64.max, 9_223_372_036_855, ServiceRecord.maximumTimeoutSeconds] {
            folder.apply(
                .serviceUpdated(
                    ServiceUpdated(
                        serviceID: service, name: nil, description: nil, timeoutSeconds: timeout, isAvailable: nil,
                        updatedAt: now)))
            let record = folder.state.service(service)!
            #expect(record.timeoutSeconds == timeout)
            #expect(!record.hasTimedOut(at: now.adding(seconds: 3_600 * 24 * 365 * 1_000)))
            #expect(!record.hasTimedOut(at: Timestamp(microsecondsSinceEpoch: .max)))
        }
    }
}

public import EventStore
public import Foundation

/// Answers provenance questions from a log: what an id is, a job's or a service's history. Open the store
/// read-only to use it beside a running server.
public struct ProvenanceReader: Sendable {
    /// What an id names.
    public enum Subject: Sendable, Hashable {
        /// A job.
        case job(UUID)
        /// A service.
        case service(UUID)
    }

    /// The log read.
    public let store: LMDBEventStore

    /// A reader of `store`.
    public init(store: LMDBEventStore) {
        self.store = store
    }

    /// Whether `id` (a UUID spelled any way the HTTP API accepts: any case, dashes or none, braces,
    /// `urn:uuid:`) names a job or a service of the log.
    /// - Throws: ``ProvenanceError/malformedID(_:)`` when it is no UUID, ``ProvenanceError/unknownID(_:)``
    ///   when it names neither.
    public func subject(_ id: String) throws -> Subject {
        guard let uuid = UUID(lenient: id) else { throw ProvenanceError.malformedID(id) }
        if try store.version(of: .job(uuid)) > 0 { return .job(uuid) }
        if try store.version(of: .service(uuid)) > 0 { return .service(uuid) }
        throw ProvenanceError.unknownID(id)
    }

    /// The history of job `id`.
    /// - Throws: ``ProvenanceError/jobNotFound(_:)`` for an unknown job.
    public func jobHistory(_ id: UUID) async throws -> JobHistory {
        let jobEvents = try await store.read(stream: .job(id), fromVersion: 1, limit: .max)
        guard let first = jobEvents.first else { throw ProvenanceError.jobNotFound(id) }
        guard case .jobSubmitted(let submission) = try DomainEventCodec.decode(first) else {
            throw ProvenanceError.inconsistent(
                sequence: first.sequence, reason: "the first event of job \(id.lowercasedString) is not its submission")
        }
        let serviceEvents = try await store.read(stream: .service(submission.serviceID), fromVersion: 1, limit: .max)
        return try JobHistory.build(jobID: id, jobEvents: jobEvents, serviceEvents: serviceEvents)
    }

    /// The history of service `id`. Its jobs come from `jobs` when given (a server has them projected);
    /// otherwise the whole log is read to find them.
    /// - Throws: ``ProvenanceError/serviceNotFound(_:)`` for an unknown service.
    public func serviceHistory(_ id: UUID, jobs: [ServiceJobSummary]? = nil) async throws -> ServiceHistory {
        let serviceEvents = try await store.read(stream: .service(id), fromVersion: 1, limit: .max)
        guard !serviceEvents.isEmpty else { throw ProvenanceError.serviceNotFound(id) }
        return try ServiceHistory.build(
            serviceID: id, serviceEvents: serviceEvents, jobs: try jobs ?? self.jobs(ofService: id))
    }

    /// The jobs of service `id` in submission order, with their status at the end of the log, found by
    /// reading the whole log once, every record's hash checked.
    public func jobs(ofService id: UUID) throws -> [ServiceJobSummary] {
        var jobs: [ServiceJobSummary] = []
        var indexByStream: [String: Int] = [:]
        try store.forEachEvent(from: 1, verifyHashes: true) { recorded in
            if recorded.type == "JobSubmitted" {
                if case .jobSubmitted(let event) = try DomainEventCodec.decode(recorded), event.serviceID == id {
                    indexByStream[recorded.streamID.name] = jobs.count
                    jobs.append(
                        ServiceJobSummary(
                            jobID: event.jobID, submissionSequence: recorded.sequence, submittedAt: event.submittedAt,
                            status: .registered, hasResults: false))
                }
            } else if let index = indexByStream[recorded.streamID.name] {
                switch try DomainEventCodec.decode(recorded) {
                case .jobStatusChanged(let event): jobs[index].status = event.to
                case .jobResultsRecorded: jobs[index].hasResults = true
                default: break
                }
            }
            return true
        }
        return jobs
    }
}

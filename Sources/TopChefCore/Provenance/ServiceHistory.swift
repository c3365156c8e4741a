public import EventStore
public import Foundation

/// The story of one service: its registration, every change to it, and its jobs.
public struct ServiceHistory: Sendable, Hashable {
    /// The service as of the last entry.
    public var service: ServiceRecord
    /// Its registration and updates, in order.
    public var entries: [HistoryEntry]
    /// Its jobs in submission order.
    public var jobs: [ServiceJobSummary]

    /// Builds the story from the service's events (its whole stream, in order) and its jobs.
    /// - Throws: ``ProvenanceError/serviceNotFound(_:)`` when the stream is empty or does not start with a
    ///   registration; ``DomainEventDecodingError`` for an event that does not decode.
    public static func build(serviceID: UUID, serviceEvents: [RecordedEvent], jobs: [ServiceJobSummary]) throws
        -> ServiceHistory
    {
        guard let service = try fold(serviceEvents, serviceID: serviceID) else {
            throw ProvenanceError.serviceNotFound(serviceID)
        }
        return ServiceHistory(service: service, entries: try HistoryEntry.entries(serviceEvents), jobs: jobs)
    }

    /// The service as `events` (a prefix of its stream) leave it, or nil when they hold no registration.
    static func fold(_ events: [RecordedEvent], serviceID: UUID) throws -> ServiceRecord? {
        var service: ServiceRecord?
        for recorded in events {
            switch try DomainEventCodec.decode(recorded) {
            case .serviceRegistered(let event) where event.serviceID == serviceID && service == nil:
                service = ServiceRecord(
                    registered: event, sequence: recorded.sequence, streamVersion: recorded.streamVersion)
            case .serviceUpdated(let event) where event.serviceID == serviceID:
                service?.apply(event, streamVersion: recorded.streamVersion)
            case let other:
                throw ProvenanceError.inconsistent(
                    sequence: recorded.sequence,
                    reason: "a \(other.typeName) event in the stream of service \(serviceID.lowercasedString)")
            }
        }
        return service
    }
}

/// One job of a service, as a service's history lists it.
public struct ServiceJobSummary: Sendable, Hashable {
    /// The job's id.
    public var jobID: UUID
    /// The sequence number of its submission.
    public var submissionSequence: UInt64
    /// When it was submitted.
    public var submittedAt: Timestamp
    /// Its status.
    public var status: JobStatus
    /// Whether results have been recorded.
    public var hasResults: Bool

    /// A summary with every field given.
    public init(jobID: UUID, submissionSequence: UInt64, submittedAt: Timestamp, status: JobStatus, hasResults: Bool) {
        self.jobID = jobID
        self.submissionSequence = submissionSequence
        self.submittedAt = submittedAt
        self.status = status
        self.hasResults = hasResults
    }

    /// The summary of a projected job (how the HTTP layer lists a service's jobs without reading the log).
    public init(_ job: JobRecord) {
        self.init(
            jobID: job.id, submissionSequence: job.submissionSequence, submittedAt: job.submittedAt,
            status: job.status, hasResults: job.results != nil)
    }
}

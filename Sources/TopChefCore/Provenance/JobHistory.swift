public import EventStore
public import Foundation

/// The full story of one job: the service and contract it was submitted under, its parameters, and every
/// status change and result in order, with times, durations and sequence numbers.
public struct JobHistory: Sendable, Hashable {
    /// The job's id.
    public var jobID: UUID
    /// The service as it was when the job was submitted (its schemas are the contract the parameters met).
    public var serviceAtSubmission: ServiceRecord
    /// The parameters, as compact JSON text, exactly as validated.
    public var parameters: [UInt8]
    /// The job's status after the last entry.
    public var status: JobStatus
    /// The last results recorded, as compact JSON text, if any.
    public var results: [UInt8]?
    /// Every event of the job in order; the first is its submission.
    public var entries: [HistoryEntry]

    /// When the job was submitted.
    public var submittedAt: Timestamp { entries[0].time }

    /// Builds the story from the job's events (its whole stream, in order) and its service's events (the
    /// service's stream; only those before the submission count).
    /// - Throws: ``ProvenanceError`` when the job has no events or its stream does not start with its
    ///   submission; ``DomainEventDecodingError`` for an event that does not decode.
    public static func build(jobID: UUID, jobEvents: [RecordedEvent], serviceEvents: [RecordedEvent]) throws
        -> JobHistory
    {
        let entries = try HistoryEntry.entries(jobEvents)
        guard let first = entries.first else { throw ProvenanceError.jobNotFound(jobID) }
        guard case .jobSubmitted(let submission) = first.event else {
            throw ProvenanceError.inconsistent(
                sequence: first.sequence,
                reason: "the first event of job \(jobID.lowercasedString) is not its submission")
        }
        let service = try ServiceHistory.fold(
            serviceEvents.filter { $0.sequence < first.sequence }, serviceID: submission.serviceID)
        guard let service else {
            throw ProvenanceError.inconsistent(
                sequence: first.sequence,
                reason: "job \(jobID.lowercasedString) names service \(submission.serviceID.lowercasedString), "
                    + "which was not registered before it")
        }
        var status = JobStatus.registered
        var results: [UInt8]?
        for entry in entries.dropFirst() {
            switch entry.event {
            case .jobStatusChanged(let change): status = change.to
            case .jobResultsRecorded(let recorded): results = recorded.results
            default:
                throw ProvenanceError.inconsistent(
                    sequence: entry.sequence, reason: "a \(entry.event.typeName) event in the stream of a job")
            }
        }
        return JobHistory(
            jobID: jobID, serviceAtSubmission: service, parameters: submission.parameters, status: status,
            results: results, entries: entries)
    }
}

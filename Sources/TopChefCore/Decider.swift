public import EventStore
public import Foundation

/// What the decider needs to know about the current state.
public protocol DecisionState {
    /// The service with `id`, if registered.
    func service(_ id: UUID) -> ServiceRecord?
    /// The job with `id`, if submitted.
    func job(_ id: UUID) -> JobRecord?
    /// Whether a service with `id` is registered.
    func hasService(_ id: UUID) -> Bool
    /// Whether a job with `id` was submitted.
    func hasJob(_ id: UUID) -> Bool
}

/// The events a command produces and the stream version they were decided against.
public struct Decision: Sendable, Hashable {
    /// The stream the events go to.
    public var streamID: StreamID
    /// The stream's version the decision was made against; the append fails if it moved.
    public var expectedVersion: ExpectedVersion
    /// The events; empty when the command changes nothing.
    public var events: [DomainEvent]
}

/// The pure decision function of the broker: a command and the current state in, events (or a domain
/// error) out. No I/O, no clock: the time comes with the call.
public enum Decider {
    /// Decides what `command` produces against `state` at time `now`.
    public static func decide(_ command: Command, state: some DecisionState, now: Timestamp)
        throws(DomainError) -> Decision
    {
        switch command {
        case .registerService(let command):
            if state.hasService(command.serviceID) { throw .serviceAlreadyExists(command.serviceID) }
            guard ServiceRecord.isValidTimeout(command.timeoutSeconds) else {
                throw .invalidTimeout(command.timeoutSeconds)
            }
            let event = ServiceRegistered(
                serviceID: command.serviceID, name: command.name, description: command.description,
                parametersSchema: command.parametersSchema, resultsSchema: command.resultsSchema,
                timeoutSeconds: command.timeoutSeconds, registeredAt: now)
            return Decision(
                streamID: .service(command.serviceID), expectedVersion: .noStream,
                events: [.serviceRegistered(event)])

        case .updateService(let command):
            guard let service = state.service(command.serviceID) else { throw .serviceNotFound(command.serviceID) }
            if let timeout = command.timeoutSeconds, !ServiceRecord.isValidTimeout(timeout) {
                throw .invalidTimeout(timeout)
            }
            // Record only what actually changes: a PATCH that repeats the current values is not a fact.
            let update = ServiceUpdated(
                serviceID: command.serviceID,
                name: command.name.flatMap { $0 == service.name ? nil : $0 },
                description: command.description.flatMap { $0 == service.description ? nil : $0 },
                timeoutSeconds: command.timeoutSeconds.flatMap { $0 == service.timeoutSeconds ? nil : $0 },
                isAvailable: command.isAvailable.flatMap { $0 == service.isAvailable ? nil : $0 },
                updatedAt: now)
            let changes =
                update.name != nil || update.description != nil || update.timeoutSeconds != nil
                || update.isAvailable != nil
            return Decision(
                streamID: .service(command.serviceID), expectedVersion: .exact(service.streamVersion),
                events: changes ? [.serviceUpdated(update)] : [])

        case .submitJob(let command):
            // Existence only: a submission is decided under the projection's lock, which the writer waits
            // for, and copying the records (retaining each of their fields) showed up there.
            guard state.hasService(command.serviceID) else { throw .serviceNotFound(command.serviceID) }
            if state.hasJob(command.jobID) { throw .jobAlreadyExists(command.jobID) }
            let event = JobSubmitted(
                jobID: command.jobID, serviceID: command.serviceID, parameters: command.parameters,
                submittedAt: now)
            return Decision(streamID: .job(command.jobID), expectedVersion: .noStream, events: [.jobSubmitted(event)])

        case .updateJob(let command):
            guard let job = state.job(command.jobID) else { throw .jobNotFound(command.jobID) }
            var events: [DomainEvent] = []
            if let results = command.results, results != job.results {
                events.append(.jobResultsRecorded(JobResultsRecorded(jobID: job.id, results: results, recordedAt: now)))
            }
            if let status = command.status, status != job.status {
                events.append(
                    .jobStatusChanged(JobStatusChanged(jobID: job.id, from: job.status, to: status, changedAt: now)))
            }
            return Decision(streamID: .job(job.id), expectedVersion: .exact(job.streamVersion), events: events)
        }
    }
}

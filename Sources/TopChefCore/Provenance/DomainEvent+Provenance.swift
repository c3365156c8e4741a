public import EventStore
public import Foundation

extension DomainEvent {
    /// When the fact happened, as the broker decided it (the envelope's recorded-at time is when it became
    /// durable, at the same moment or a little later).
    public var time: Timestamp {
        switch self {
        case .serviceRegistered(let event): event.registeredAt
        case .serviceUpdated(let event): event.updatedAt
        case .jobSubmitted(let event): event.submittedAt
        case .jobStatusChanged(let event): event.changedAt
        case .jobResultsRecorded(let event): event.recordedAt
        }
    }

    /// The id of the job or service the event is about.
    public var subjectID: UUID {
        switch self {
        case .serviceRegistered(let event): event.serviceID
        case .serviceUpdated(let event): event.serviceID
        case .jobSubmitted(let event): event.jobID
        case .jobStatusChanged(let event): event.jobID
        case .jobResultsRecorded(let event): event.jobID
        }
    }
}

extension ServiceRecord {
    /// The service as its registration made it.
    init(registered event: ServiceRegistered, sequence: UInt64, streamVersion: UInt64) {
        self.init(
            id: event.serviceID, name: event.name, description: event.description,
            parametersSchema: event.parametersSchema, resultsSchema: event.resultsSchema,
            timeoutSeconds: event.timeoutSeconds, isAvailable: false, registeredAt: event.registeredAt,
            lastCheckIn: event.registeredAt, streamVersion: streamVersion, registrationSequence: sequence)
    }

    /// Applies an update, as the projection does.
    mutating func apply(_ event: ServiceUpdated, streamVersion: UInt64) {
        if let name = event.name { self.name = name }
        if let description = event.description { self.description = description }
        if let timeout = event.timeoutSeconds { timeoutSeconds = timeout }
        if let available = event.isAvailable { isAvailable = available }
        self.streamVersion = streamVersion
    }
}

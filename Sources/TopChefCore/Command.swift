public import EventStore
public import Foundation

/// Register a new service.
public struct RegisterService: Sendable, Hashable {
    /// The id the new service gets.
    public var serviceID: UUID
    /// Its name.
    public var name: String
    /// Its description.
    public var description: String
    /// The parameters schema, as compact JSON text (already compiled and found usable by the caller).
    public var parametersSchema: [UInt8]
    /// The results schema, as compact JSON text.
    public var resultsSchema: [UInt8]
    /// Its timeout in seconds; must be positive.
    public var timeoutSeconds: Int64

    /// A registration command.
    public init(
        serviceID: UUID = .timeOrdered(), name: String, description: String, parametersSchema: [UInt8],
        resultsSchema: [UInt8], timeoutSeconds: Int64 = 30
    ) {
        self.serviceID = serviceID
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
        self.resultsSchema = resultsSchema
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Change some of a service's fields; `nil` leaves a field as it is.
public struct UpdateService: Sendable, Hashable {
    /// The service.
    public var serviceID: UUID
    /// A new name.
    public var name: String?
    /// A new description.
    public var description: String?
    /// A new timeout in seconds; must be positive.
    public var timeoutSeconds: Int64?
    /// A new availability.
    public var isAvailable: Bool?

    /// An update command.
    public init(
        serviceID: UUID, name: String? = nil, description: String? = nil, timeoutSeconds: Int64? = nil,
        isAvailable: Bool? = nil
    ) {
        self.serviceID = serviceID
        self.name = name
        self.description = description
        self.timeoutSeconds = timeoutSeconds
        self.isAvailable = isAvailable
    }
}

/// Submit a job whose parameters the caller has validated against the service's schema.
public struct SubmitJob: Sendable, Hashable {
    /// The id the new job gets.
    public var jobID: UUID
    /// The service that is to run it.
    public var serviceID: UUID
    /// The parameters, as compact JSON text.
    public var parameters: [UInt8]

    /// A submission command.
    public init(jobID: UUID = .timeOrdered(), serviceID: UUID, parameters: [UInt8]) {
        self.jobID = jobID
        self.serviceID = serviceID
        self.parameters = parameters
    }
}

/// Record a job's results (validated by the caller) and/or change its status.
public struct UpdateJob: Sendable, Hashable {
    /// The job.
    public var jobID: UUID
    /// The new status, if any.
    public var status: JobStatus?
    /// The results, as compact JSON text, if any.
    public var results: [UInt8]?

    /// An update command.
    public init(jobID: UUID, status: JobStatus? = nil, results: [UInt8]? = nil) {
        self.jobID = jobID
        self.status = status
        self.results = results
    }
}

/// Everything the broker can be asked to do that becomes events.
public enum Command: Sendable, Hashable {
    case registerService(RegisterService)
    case updateService(UpdateService)
    case submitJob(SubmitJob)
    case updateJob(UpdateJob)
}

extension Command {
    /// The stream the command's events go to.
    public var streamID: StreamID {
        switch self {
        case .registerService(let command): .service(command.serviceID)
        case .updateService(let command): .service(command.serviceID)
        case .submitJob(let command): .job(command.jobID)
        case .updateJob(let command): .job(command.jobID)
        }
    }
}

extension Command {
    /// Whether the command creates its stream: a new service or a new job. Two such commands can only
    /// meet on one stream if they were given the same new id, and then the log's expected-version check
    /// (the stream must not exist) refuses the second, which is decided again and fails as a duplicate.
    /// So they need no per-stream lock to be correct, and the lock is what they would pay for.
    var createsStream: Bool {
        switch self {
        case .registerService, .submitJob: true
        case .updateService, .updateJob: false
        }
    }
}

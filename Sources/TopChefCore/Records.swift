public import EventStore
public import Foundation

/// A service as the projections know it now.
public struct ServiceRecord: Sendable, Hashable {
    /// Its id.
    public var id: UUID
    /// Its name.
    public var name: String
    /// Its description.
    public var description: String
    /// The parameters schema, as compact JSON text.
    public var parametersSchema: [UInt8]
    /// The results schema, as compact JSON text.
    public var resultsSchema: [UInt8]
    /// Seconds without a check-in after which it has timed out.
    public var timeoutSeconds: Int64
    /// Whether the service says it is available (false until it says so, as in the original).
    public var isAvailable: Bool
    /// When it was registered.
    public var registeredAt: Timestamp
    /// Its last check-in (registration counts as one).
    public var lastCheckIn: Timestamp
    /// The version of its stream: how many events it has.
    public var streamVersion: UInt64
    /// The sequence number of its registration event.
    public var registrationSequence: UInt64

    /// `true` when more than `timeoutSeconds` have passed since the last check-in, as of `now`.
    public func hasTimedOut(at now: Timestamp) -> Bool {
        now.microsecondsSinceEpoch - lastCheckIn.microsecondsSinceEpoch > timeoutSeconds * 1_000_000
    }
}

/// A job as the projections know it now.
public struct JobRecord: Sendable, Hashable {
    /// Its id.
    public var id: UUID
    /// The service that runs it.
    public var serviceID: UUID
    /// Its status.
    public var status: JobStatus
    /// Its parameters, as compact JSON text.
    public var parameters: [UInt8]
    /// Its results, as compact JSON text, once recorded.
    public var results: [UInt8]?
    /// When it was submitted.
    public var submittedAt: Timestamp
    /// The version of its stream.
    public var streamVersion: UInt64
    /// The sequence number of its submission: the queue's order.
    public var submissionSequence: UInt64
}

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

    /// The longest timeout a service may have, in seconds: the original's limit (Python's largest
    /// `timedelta`, 999,999,999 days and 86,399 seconds), beyond which it answered "Not a valid period of
    /// time". Such a timeout never passes, but it must be stored and read back without overflow.
    public static let maximumTimeoutSeconds: Int64 = 999_999_999 * 86_400 + 86_399

    /// Whether `seconds` is a timeout a service may be given: positive and at most
    /// ``maximumTimeoutSeconds``.
    public static func isValidTimeout(_ seconds: Int64) -> Bool {
        seconds > 0 && seconds <= maximumTimeoutSeconds
    }

    /// `true` when more than `timeoutSeconds` have passed since the last check-in, as of `now`.
    public func hasTimedOut(at now: Timestamp) -> Bool {
        // A timeout longer than about 292,000 years has no microsecond count: nothing has waited that long.
        // (Logs written before the limit above may hold such a timeout; reading them must not trap.)
        let (limit, overflow) = timeoutSeconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return timeoutSeconds < 0 }
        let (elapsed, elapsedOverflow) = now.microsecondsSinceEpoch.subtractingReportingOverflow(
            lastCheckIn.microsecondsSinceEpoch)
        if elapsedOverflow { return now.microsecondsSinceEpoch > lastCheckIn.microsecondsSinceEpoch }
        return elapsed > limit
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

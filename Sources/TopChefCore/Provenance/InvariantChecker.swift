public import EventStore
import Foundation

/// Checks the domain's rules while events are folded into a ``ProjectionState``: each event against the
/// state before it (``check(_:_:before:)``), then the final state (``finish(_:)``).
///
/// Rules per event: sequence numbers follow each other and recorded-at times never go backwards; the
/// envelope's stream is the event's subject; each stream's versions are consecutive; a service is
/// registered once and updated only after; a job is submitted once, to a registered service, and changes
/// status only from the status it is in, to another one. Rules on the final state: the counts by status add
/// up to the number of jobs and none is negative, every job's service exists, and the queues hold exactly
/// the REGISTERED jobs.
public struct InvariantChecker: Sendable {
    /// The violations found, the first ``maximumKept`` of them.
    public private(set) var violations: [InvariantViolation] = []
    /// How many violations were found in all.
    public private(set) var violationCount = 0
    /// How many violations are kept.
    public let maximumKept: Int
    private var previousSequence: UInt64 = 0
    private var previousRecordedAt: Timestamp?

    /// A checker that keeps up to `maximumKept` violations.
    public init(maximumKept: Int = 100) {
        self.maximumKept = maximumKept
    }

    /// Checks `event` (decoded from `recorded`) against `state`, the state before it is applied.
    public mutating func check(_ recorded: RecordedEvent, _ event: DomainEvent, before state: ProjectionState) {
        var name = recorded.streamID.name
        name.withUTF8 { name in
            check(
                sequence: recorded.sequence, recordedAt: recorded.recordedAt, stream: UnsafeRawBufferPointer(name),
                streamVersion: recorded.streamVersion, event, before: state)
        }
    }

    /// Checks `event` (decoded from the record `view` read in place) against `state`, the state before it.
    public mutating func check(_ view: EventRecordView, _ event: DomainEvent, before state: ProjectionState) {
        check(
            sequence: view.sequence, recordedAt: view.recordedAt, stream: view.streamID,
            streamVersion: view.streamVersion, event, before: state)
    }

    /// Checks an event given its envelope's fields; `stream` is the stream name's UTF-8 bytes.
    private mutating func check(
        sequence: UInt64, recordedAt: Timestamp, stream: UnsafeRawBufferPointer, streamVersion: UInt64,
        _ event: DomainEvent, before state: ProjectionState
    ) {
        let streamName = { String(decoding: stream, as: UTF8.self) }
        if sequence != previousSequence + 1 {
            report(sequence, "it follows sequence number \(previousSequence)")
        }
        previousSequence = sequence
        if let previous = previousRecordedAt, recordedAt < previous {
            report(sequence, "it was recorded at \(recordedAt), before the event preceding it (\(previous))")
        }
        previousRecordedAt = recordedAt
        if !Self.streamMatches(stream, event) {
            report(
                sequence,
                "a \(event.typeName) about \(event.subjectID.lowercasedString) is in stream \(streamName())")
        }
        let currentVersion: UInt64
        switch event {
        case .serviceRegistered(let registration):
            currentVersion = state.service(registration.serviceID)?.streamVersion ?? 0
            if currentVersion > 0 {
                report(sequence, "service \(registration.serviceID.lowercasedString) is registered again")
            }
        case .serviceUpdated(let update):
            currentVersion = state.service(update.serviceID)?.streamVersion ?? 0
            if currentVersion == 0 {
                report(sequence, "service \(update.serviceID.lowercasedString) is updated before it is registered")
            }
        case .jobSubmitted(let submission):
            currentVersion = state.job(submission.jobID)?.streamVersion ?? 0
            if currentVersion > 0 { report(sequence, "job \(submission.jobID.lowercasedString) is submitted again") }
            if state.service(submission.serviceID) == nil {
                report(
                    sequence,
                    "job \(submission.jobID.lowercasedString) is submitted to service "
                        + "\(submission.serviceID.lowercasedString), which is not registered")
            }
        case .jobStatusChanged(let change):
            let job = state.job(change.jobID)
            currentVersion = job?.streamVersion ?? 0
            if let job {
                if job.status != change.from {
                    report(
                        sequence,
                        "job \(change.jobID.lowercasedString) changes from \(change.from.rawValue) but is \(job.status.rawValue)"
                    )
                }
                if change.from == change.to {
                    report(
                        sequence, "job \(change.jobID.lowercasedString) changes from \(change.from.rawValue) to itself")
                }
            } else {
                report(sequence, "job \(change.jobID.lowercasedString) changes status before it is submitted")
            }
        case .jobResultsRecorded(let results):
            currentVersion = state.job(results.jobID)?.streamVersion ?? 0
            if currentVersion == 0 {
                report(sequence, "job \(results.jobID.lowercasedString) has results before it is submitted")
            }
        }
        if streamVersion != currentVersion + 1 {
            report(sequence, "stream \(streamName()) goes from version \(currentVersion) to \(streamVersion)")
        }
    }

    /// Checks the state after the last event.
    public mutating func finish(_ state: ProjectionState) {
        let counts = state.jobCounts
        for (status, count) in counts.sorted(by: { $0.key.code < $1.key.code }) where count < 0 {
            report(nil, "the number of \(status.rawValue) jobs is \(count)")
        }
        let total = counts.values.reduce(0, +)
        if total != state.jobCount {
            report(nil, "the counts by status add up to \(total) but there are \(state.jobCount) jobs")
        }
        var queued = 0
        for service in state.allServices {
            queued += state.queueLength(ofService: service.id) ?? 0
        }
        if queued != counts[.registered, default: 0] {
            report(nil, "the queues hold \(queued) jobs but \(counts[.registered, default: 0]) are REGISTERED")
        }
        for job in state.jobs where state.service(job.serviceID) == nil {
            report(
                nil,
                "job \(job.id.lowercasedString) belongs to service \(job.serviceID.lowercasedString), which does not exist"
            )
        }
    }

    private mutating func report(_ sequence: UInt64?, _ message: String) {
        violationCount += 1
        if violations.count < maximumKept {
            violations.append(InvariantViolation(sequence: sequence, message: message))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `true` when `stream` is `category-<lowercase id>` of the event's subject, compared without allocating.
    public static func streamMatches(_ stream: StreamID, _ event: DomainEvent) -> Bool {
        var name = stream.name
        return name.withUTF8 { streamMatches(UnsafeRawBufferPointer($0), event) }
    }

    /// `true` when the stream named by the UTF-8 bytes `name` is `category-<lowercase id>` of the event's
    /// subject: for tools that read stream names in place from the log.
    public static func streamMatches(_ name: UnsafeRawBufferPointer, _ event: DomainEvent) -> Bool {
        let category: StaticString
        switch event {
        case .serviceRegistered, .serviceUpdated: category = "service-"
        case .jobSubmitted, .jobStatusChanged, .jobResultsRecorded: category = "job-"
        }
        let prefixCount = category.utf8CodeUnitCount
        guard name.count == prefixCount + 36 else { return false }
        for index in 0..<prefixCount where name[index] != category.utf8Start[index] { return false }
        let hex = Self.hexDigits
        var position = prefixCount
        return withUnsafeBytes(of: event.subjectID.uuid) { uuid in
            for (index, byte) in uuid.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    guard name[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard name[position] == hex[Int(byte >> 4)], name[position + 1] == hex[Int(byte & 0xF)] else {
                    return false
                }
                position += 2
            }
            return true
        }
    }
}

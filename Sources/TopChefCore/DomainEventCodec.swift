public import EventStore
import Foundation

/// Encodes domain events into envelope payloads and decodes them back, upcasting old type versions.
///
/// Payloads are compact binary (``BinaryWriter``): replaying millions of events must be cheap. JSON
/// documents inside them (schemas, parameters, results) are kept as the exact JSON text that was validated.
public enum DomainEventCodec {
    /// The current type version of every event type.
    public static let currentTypeVersion: UInt16 = 1

    /// The event ready to append.
    public static func encode(_ event: DomainEvent, metadata: EventMetadata = .none) -> ProposedEvent {
        var writer = BinaryWriter(capacity: encodedCapacity(event))
        switch event {
        case .serviceRegistered(let event):
            writer.write(uuid: event.serviceID)
            writer.write(string: event.name)
            writer.write(string: event.description)
            writer.write(bytes: event.parametersSchema)
            writer.write(bytes: event.resultsSchema)
            writer.write(signed: event.timeoutSeconds)
            writer.write(signed: event.registeredAt.microsecondsSinceEpoch)
        case .serviceUpdated(let event):
            writer.write(uuid: event.serviceID)
            writer.write(optionalString: event.name)
            writer.write(optionalString: event.description)
            writer.write(byte: event.timeoutSeconds == nil ? 0 : 1)
            if let timeout = event.timeoutSeconds { writer.write(signed: timeout) }
            writer.write(byte: event.isAvailable.map { $0 ? 2 : 1 } ?? 0)
            writer.write(signed: event.updatedAt.microsecondsSinceEpoch)
        case .jobSubmitted(let event):
            writer.write(uuid: event.jobID)
            writer.write(uuid: event.serviceID)
            writer.write(bytes: event.parameters)
            writer.write(signed: event.submittedAt.microsecondsSinceEpoch)
        case .jobStatusChanged(let event):
            writer.write(uuid: event.jobID)
            writer.write(byte: event.from.code)
            writer.write(byte: event.to.code)
            writer.write(signed: event.changedAt.microsecondsSinceEpoch)
        case .jobResultsRecorded(let event):
            writer.write(uuid: event.jobID)
            writer.write(bytes: event.results)
            writer.write(signed: event.recordedAt.microsecondsSinceEpoch)
        }
        return ProposedEvent(
            type: event.typeName, typeVersion: currentTypeVersion, payload: writer.bytes, metadata: metadata)
    }

    /// Room for `event`'s encoding: its variable parts, and 64 bytes for ids, lengths and times. Sized up
    /// front because a job's parameters or results would otherwise grow the buffer two or three times.
    static func encodedCapacity(_ event: DomainEvent) -> Int {
        switch event {
        case .serviceRegistered(let event):
            64 + event.name.utf8.count + event.description.utf8.count + event.parametersSchema.count
                + event.resultsSchema.count
        case .serviceUpdated(let event):
            64 + (event.name?.utf8.count ?? 0) + (event.description?.utf8.count ?? 0)
        case .jobSubmitted(let event): 64 + event.parameters.count
        case .jobStatusChanged: 64
        case .jobResultsRecorded(let event): 64 + event.results.count
        }
    }

    /// Decodes a recorded event's payload.
    public static func decode(_ event: RecordedEvent) throws(DomainEventDecodingError) -> DomainEvent {
        let result = event.payload.withUnsafeBytes { buffer in
            Result { () throws(DomainEventDecodingError) in
                try decode(type: event.type, version: event.typeVersion, payload: buffer, sequence: event.sequence)
            }
        }
        return try result.get()
    }

    /// Decodes an event read in place from the log (the replay path: no envelope copies).
    public static func decode(_ view: EventRecordView) throws(DomainEventDecodingError) -> DomainEvent {
        let type: String
        if view.hasType("JobSubmitted") {
            type = "JobSubmitted"
        } else if view.hasType("JobStatusChanged") {
            type = "JobStatusChanged"
        } else if view.hasType("JobResultsRecorded") {
            type = "JobResultsRecorded"
        } else {
            type = String(decoding: view.type, as: UTF8.self)
        }
        return try decode(type: type, version: view.typeVersion, payload: view.payload, sequence: view.sequence)
    }

    /// Decodes a payload of `type` at `version`.
    public static func decode(type: String, version: UInt16, payload: UnsafeRawBufferPointer, sequence: UInt64)
        throws(DomainEventDecodingError) -> DomainEvent
    {
        guard version == currentTypeVersion else {
            throw DomainEventDecodingError(sequence: sequence, type: type, reason: "unknown type version \(version)")
        }
        var reader = BinaryReader(payload)
        do {
            let event: DomainEvent
            switch type {
            case "ServiceRegistered":
                event = .serviceRegistered(
                    ServiceRegistered(
                        serviceID: try reader.readUUID(), name: try reader.readString(),
                        description: try reader.readString(), parametersSchema: try reader.readBytes(),
                        resultsSchema: try reader.readBytes(), timeoutSeconds: try reader.readSigned(),
                        registeredAt: Timestamp(microsecondsSinceEpoch: try reader.readSigned())))
            case "ServiceUpdated":
                let serviceID = try reader.readUUID()
                let name = try reader.readOptionalString()
                let description = try reader.readOptionalString()
                let timeout = try reader.readByte() == 0 ? nil : try reader.readSigned()
                let availability = try reader.readByte()
                event = .serviceUpdated(
                    ServiceUpdated(
                        serviceID: serviceID, name: name, description: description, timeoutSeconds: timeout,
                        isAvailable: availability == 0 ? nil : availability == 2,
                        updatedAt: Timestamp(microsecondsSinceEpoch: try reader.readSigned())))
            case "JobSubmitted":
                event = .jobSubmitted(
                    JobSubmitted(
                        jobID: try reader.readUUID(), serviceID: try reader.readUUID(),
                        parameters: try reader.readBytes(),
                        submittedAt: Timestamp(microsecondsSinceEpoch: try reader.readSigned())))
            case "JobStatusChanged":
                let jobID = try reader.readUUID()
                guard let from = JobStatus(code: try reader.readByte()), let to = JobStatus(code: try reader.readByte())
                else {
                    throw DomainEventDecodingError(sequence: sequence, type: type, reason: "unknown status code")
                }
                event = .jobStatusChanged(
                    JobStatusChanged(
                        jobID: jobID, from: from, to: to,
                        changedAt: Timestamp(microsecondsSinceEpoch: try reader.readSigned())))
            case "JobResultsRecorded":
                event = .jobResultsRecorded(
                    JobResultsRecorded(
                        jobID: try reader.readUUID(), results: try reader.readBytes(),
                        recordedAt: Timestamp(microsecondsSinceEpoch: try reader.readSigned())))
            default:
                throw DomainEventDecodingError(sequence: sequence, type: type, reason: "unknown event type")
            }
            guard reader.isAtEnd else {
                throw DomainEventDecodingError(sequence: sequence, type: type, reason: "trailing bytes in the payload")
            }
            return event
        } catch let error as DomainEventDecodingError {
            throw error
        } catch {
            throw DomainEventDecodingError(sequence: sequence, type: type, reason: "\(error)")
        }
    }
}

/// A recorded event whose payload cannot be decoded.
public struct DomainEventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The event's sequence number.
    public let sequence: UInt64
    /// Its type name.
    public let type: String
    /// What is wrong.
    public let reason: String

    /// An error for the event at `sequence` of `type`.
    public init(sequence: UInt64, type: String, reason: String) {
        self.sequence = sequence
        self.type = type
        self.reason = reason
    }

    public var description: String { "event \(sequence) (\(type)) cannot be decoded: \(reason)" }
}

extension BinaryWriter {
    mutating func write(uuid: UUID) {
        withUnsafeBytes(of: uuid.uuid) { write(raw: $0) }
    }
}

extension BinaryReader {
    mutating func readUUID() throws(BinaryDecodingError) -> UUID {
        let raw = try readRaw(count: 16)
        return UUID(uuid: raw.loadUnaligned(as: uuid_t.self))
    }
}

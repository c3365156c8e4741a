public import EventStore

/// The JSON forms of events, histories and snapshot records, shared by the CLI (`log --json`, `history
/// --json`, JSONL export) and the HTTP routes (`/jobs/<id>/history`, `/services/<id>/history`, `/events`).
///
/// Keys are snake_case as in the TopChef API, members come in a fixed order, times are ISO 8601 UTC with
/// microseconds, durations are seconds with up to six decimals, and JSON documents (schemas, parameters,
/// results) are embedded exactly as stored: the same input always gives the same bytes.
public enum ProvenanceJSON {
    /// One event: envelope, decoded data and hash.
    /// - Throws: ``DomainEventDecodingError`` when the payload does not decode.
    public static func event(_ recorded: RecordedEvent) throws -> [UInt8] {
        var writer = JSONWriter()
        writer.event(recorded, try DomainEventCodec.decode(recorded))
        return writer.bytes
    }

    /// A page of the log for tools that follow it: `{"events": [...], "after": A, "next_after": N,
    /// "last_sequence": L}`; `next_after` is the `after` of the next page.
    public static func eventsPage(_ events: [RecordedEvent], after: UInt64, lastSequence: UInt64) throws -> [UInt8] {
        var decoded: [(RecordedEvent, DomainEvent)] = []
        decoded.reserveCapacity(events.count)
        for recorded in events { decoded.append((recorded, try DomainEventCodec.decode(recorded))) }
        var writer = JSONWriter(capacity: 256 * events.count + 64)
        writer.object { writer in
            writer.key("events")
            writer.array { writer in
                for (recorded, event) in decoded { writer.event(recorded, event) }
            }
            writer.member("after", after)
            writer.member("next_after", events.last?.sequence ?? after)
            writer.member("last_sequence", lastSequence)
        }
        return writer.bytes
    }

    /// The history of a job.
    public static func jobHistory(_ history: JobHistory) -> [UInt8] {
        var writer = JSONWriter()
        writer.object { writer in
            writer.key("job")
            writer.object { writer in
                writer.member("id", uuid: history.jobID)
                writer.member("service_id", uuid: history.serviceAtSubmission.id)
                writer.member("status", history.status.rawValue)
                writer.member("parameters", json: history.parameters)
                writer.member("results", json: history.results)
                writer.member("date_submitted", time: history.submittedAt)
            }
            writer.key("service_at_submission")
            writer.service(history.serviceAtSubmission)
            writer.key("history")
            writer.entries(history.entries)
        }
        return writer.bytes
    }

    /// The history of a service.
    public static func serviceHistory(_ history: ServiceHistory) -> [UInt8] {
        var writer = JSONWriter()
        writer.object { writer in
            writer.key("service")
            writer.service(history.service)
            writer.key("history")
            writer.entries(history.entries)
            writer.key("jobs")
            writer.array { writer in
                for job in history.jobs {
                    writer.object { writer in
                        writer.member("id", uuid: job.jobID)
                        writer.member("status", job.status.rawValue)
                        writer.member("date_submitted", time: job.submittedAt)
                        writer.member("submission_sequence", job.submissionSequence)
                        writer.member("has_results", job.hasResults)
                    }
                }
            }
        }
        return writer.bytes
    }

    /// Seconds with up to six decimals and no trailing zeros, e.g. `1.25`, `-0.000001`, `3`.
    public static func seconds(microseconds: Int64) -> String {
        let magnitude = microseconds.magnitude
        var text = microseconds < 0 ? "-" : ""
        text += String(magnitude / 1_000_000)
        var fraction = magnitude % 1_000_000
        guard fraction != 0 else { return text }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        return text + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
}

extension JSONWriter {
    /// Writes a service record.
    public mutating func service(_ service: ServiceRecord) {
        object { writer in
            writer.member("id", uuid: service.id)
            writer.member("name", service.name)
            writer.member("description", service.description)
            writer.member("job_registration_schema", json: service.parametersSchema)
            writer.member("job_result_schema", json: service.resultsSchema)
            writer.member("timeout", service.timeoutSeconds)
            writer.member("is_service_available", service.isAvailable)
            writer.member("registered_at", time: service.registeredAt)
            writer.member("registration_sequence", service.registrationSequence)
            writer.member("version", service.streamVersion)
        }
    }

    /// Writes a job record.
    public mutating func job(_ job: JobRecord) {
        object { writer in
            writer.member("id", uuid: job.id)
            writer.member("service_id", uuid: job.serviceID)
            writer.member("status", job.status.rawValue)
            writer.member("parameters", json: job.parameters)
            writer.member("results", json: job.results)
            writer.member("date_submitted", time: job.submittedAt)
            writer.member("submission_sequence", job.submissionSequence)
            writer.member("version", job.streamVersion)
        }
    }

    /// Writes an event: its envelope, its data and its hash.
    public mutating func event(_ recorded: RecordedEvent, _ event: DomainEvent) {
        object { writer in
            writer.member("sequence", recorded.sequence)
            writer.member("stream", recorded.streamID.name)
            writer.member("version", recorded.streamVersion)
            writer.member("type", recorded.type)
            writer.member("type_version", recorded.typeVersion)
            writer.member("recorded_at", time: recorded.recordedAt)
            writer.key("metadata")
            writer.metadata(recorded.metadata)
            writer.key("data")
            writer.eventData(event)
            writer.key("hash")
            writer.hex(recorded.hash)
        }
    }

    /// Writes the members of an event's metadata that are present.
    mutating func metadata(_ metadata: EventMetadata) {
        object { writer in
            if let requestID = metadata.requestID { writer.member("request_id", requestID) }
            if let key = metadata.idempotencyKey { writer.member("idempotency_key", key) }
            if let actor = metadata.actor { writer.member("actor", actor) }
        }
    }

    /// Writes a history's entries.
    mutating func entries(_ entries: [HistoryEntry]) {
        array { writer in
            for entry in entries {
                writer.object { writer in
                    writer.member("sequence", entry.sequence)
                    writer.member("version", entry.streamVersion)
                    writer.member("type", entry.event.typeName)
                    writer.member("time", time: entry.time)
                    writer.member("recorded_at", time: entry.recordedAt)
                    writer.key("seconds_since_previous")
                    if let micros = entry.microsecondsSincePrevious {
                        writer.raw(Array(ProvenanceJSON.seconds(microseconds: micros).utf8))
                    } else {
                        writer.null()
                    }
                    writer.key("seconds_since_start")
                    writer.raw(Array(ProvenanceJSON.seconds(microseconds: entry.microsecondsSinceStart).utf8))
                    writer.key("metadata")
                    writer.metadata(entry.metadata)
                    writer.key("data")
                    writer.eventData(entry.event)
                }
            }
        }
    }

    /// Writes the data of a domain event.
    public mutating func eventData(_ event: DomainEvent) {
        object { writer in
            switch event {
            case .serviceRegistered(let event):
                writer.member("service_id", uuid: event.serviceID)
                writer.member("name", event.name)
                writer.member("description", event.description)
                writer.member("job_registration_schema", json: event.parametersSchema)
                writer.member("job_result_schema", json: event.resultsSchema)
                writer.member("timeout", event.timeoutSeconds)
                writer.member("registered_at", time: event.registeredAt)
            case .serviceUpdated(let event):
                writer.member("service_id", uuid: event.serviceID)
                if let name = event.name { writer.member("name", name) }
                if let description = event.description { writer.member("description", description) }
                if let timeout = event.timeoutSeconds { writer.member("timeout", timeout) }
                if let available = event.isAvailable { writer.member("is_service_available", available) }
                writer.member("updated_at", time: event.updatedAt)
            case .jobSubmitted(let event):
                writer.member("job_id", uuid: event.jobID)
                writer.member("service_id", uuid: event.serviceID)
                writer.member("parameters", json: event.parameters)
                writer.member("submitted_at", time: event.submittedAt)
            case .jobStatusChanged(let event):
                writer.member("job_id", uuid: event.jobID)
                writer.member("from", event.from.rawValue)
                writer.member("to", event.to.rawValue)
                writer.member("changed_at", time: event.changedAt)
            case .jobResultsRecorded(let event):
                writer.member("job_id", uuid: event.jobID)
                writer.member("results", json: event.results)
                writer.member("recorded_at", time: event.recordedAt)
            }
        }
    }

    /// Lowercase hexadecimal of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var text = JSONOutput(capacity: bytes.count * 2)
        text.hexText(bytes)
        return String(decoding: text.bytes, as: UTF8.self)
    }
}

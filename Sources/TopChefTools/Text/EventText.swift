public import EventStore
public import TopChefCore

/// The human-readable forms of events: one line each, for `topchef log`.
public enum EventText {
    /// `#12  2026-03-01T12:00:03.500000Z  job-aaaa…  v2  JobStatusChanged  REGISTERED -> WORKING`
    public static func line(_ recorded: RecordedEvent, _ event: DomainEvent) -> String {
        "#\(recorded.sequence)  \(recorded.recordedAt)  \(recorded.streamID)  v\(recorded.streamVersion)  "
            + "\(recorded.type)  \(summary(event))"
    }

    /// What the event says, briefly; JSON documents longer than `limit` bytes are cut with `…`.
    public static func summary(_ event: DomainEvent, limit: Int = 120) -> String {
        switch event {
        case .serviceRegistered(let event):
            return "name=\(quoted(event.name)) timeout=\(event.timeoutSeconds)s"
        case .serviceUpdated(let event):
            var parts: [String] = []
            if let name = event.name { parts.append("name=\(quoted(name))") }
            if let description = event.description { parts.append("description=\(quoted(description))") }
            if let timeout = event.timeoutSeconds { parts.append("timeout=\(timeout)s") }
            if let available = event.isAvailable { parts.append("available=\(available)") }
            return parts.joined(separator: " ")
        case .jobSubmitted(let event):
            return "service=\(event.serviceID.lowercasedString) parameters=\(json(event.parameters, limit: limit))"
        case .jobStatusChanged(let event):
            return "\(event.from.rawValue) -> \(event.to.rawValue)"
        case .jobResultsRecorded(let event):
            return "results=\(json(event.results, limit: limit))"
        }
    }

    /// JSON text, cut to `limit` bytes.
    static func json(_ bytes: [UInt8], limit: Int) -> String {
        bytes.count <= limit
            ? String(decoding: bytes, as: UTF8.self) : String(decoding: bytes.prefix(limit), as: UTF8.self) + "…"
    }

    static func quoted(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

public import EventStore
public import Foundation
public import TopChefCore

/// The formats a snapshot can be exported to.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// A directory with `snapshot.json`, `services.jsonl`, `jobs.jsonl` and `events.jsonl`.
    case jsonl
    /// A directory with `snapshot.json`, `services.csv` and one CSV file of jobs per service, parameters and
    /// results flattened into dotted columns.
    case csv
    /// One SQLite database with tables `snapshot`, `services`, `jobs` and `events`, and views that flatten
    /// parameters and results.
    case sqlite
}

/// What to export, where, and as of when.
public struct ExportRequest: Sendable {
    /// The format.
    public var format: ExportFormat
    /// The output: a directory for JSONL and CSV (created if needed), a file for SQLite (replaced).
    public var output: String
    /// The point in the log the snapshot is taken at.
    public var point: LogPoint
    /// Only this service, its jobs and their events, when given.
    public var serviceID: UUID?

    /// A request with every field given.
    public init(format: ExportFormat, output: String, point: LogPoint = .end, serviceID: UUID? = nil) {
        self.format = format
        self.output = output
        self.point = point
        self.serviceID = serviceID
    }
}

/// What an export wrote.
public struct ExportReport: Sendable {
    /// How many services, jobs and events were exported.
    public var serviceCount: Int
    /// How many jobs.
    public var jobCount: Int
    /// How many events.
    public var eventCount: Int
    /// The sequence number of the last event the snapshot includes.
    public var lastSequence: UInt64
    /// The files written, in order.
    public var files: [String]
    /// How long it took.
    public var duration: Duration

    /// Jobs exported per second.
    public var jobsPerSecond: Double {
        let seconds = ProgressBar.seconds(duration)
        return seconds > 0 ? Double(jobCount) / seconds : 0
    }
}

/// What every format records about the snapshot itself, so that an analysis can cite its source exactly.
public struct SnapshotInfo: Sendable {
    /// The last event included.
    public var lastSequence: UInt64
    /// When it was recorded.
    public var lastRecordedAt: Timestamp?
    /// The hash of the last event included: it pins the whole log up to it.
    public var lastHash: String
    /// The point asked for.
    public var point: LogPoint
    /// The service the export is limited to.
    public var serviceID: UUID?

    /// The snapshot description as JSON.
    public var json: [UInt8] {
        var writer = JSONWriter()
        writer.object { writer in
            writer.member("last_sequence", lastSequence)
            writer.key("last_recorded_at")
            writer.optionalString(lastRecordedAt?.description)
            writer.member("last_hash", lastHash)
            writer.key("as_of")
            switch point {
            case .end: writer.string("end")
            case .sequence(let sequence): writer.number(sequence)
            case .time(let time): writer.string(time.description)
            }
            writer.key("service_id")
            writer.optionalString(serviceID?.lowercasedString)
        }
        return writer.bytes
    }
}

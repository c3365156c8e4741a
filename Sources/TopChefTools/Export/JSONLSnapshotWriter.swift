import EventStore
import TopChefCore

/// Writes `snapshot.json`, `services.jsonl`, `jobs.jsonl` and `events.jsonl` into a directory: one JSON
/// object per line, in the same shapes as `topchef log --json` and the history routes.
struct JSONLSnapshotWriter: SnapshotWriter {
    let directory: String
    private let events: OutputFile
    private var writer = JSONWriter(capacity: 1 << 20 + 1 << 16)

    init(directory: String) throws(ToolError) {
        self.directory = directory
        events = try OutputFile(path: directory + "/events.jsonl")
    }

    var keepsEvents: Bool { true }

    mutating func event(_ recorded: RecordedEvent, _ event: DomainEvent) throws {
        writer.event(recorded, event)
        writer.newline()
        if writer.bytes.count >= 1 << 20 {
            try events.write(writer.bytes)
            writer = JSONWriter(capacity: 1 << 20 + 1 << 16)
        }
    }

    mutating func finish(info: SnapshotInfo, services: [ServiceRecord], jobs: [JobRecord]) throws -> [String] {
        try events.write(writer.bytes)
        let snapshot = try OutputFile(path: directory + "/snapshot.json")
        try snapshot.write(info.json + [UInt8(ascii: "\n")])
        let servicesFile = try OutputFile(path: directory + "/services.jsonl")
        for service in services {
            var line = JSONWriter()
            line.service(service)
            try servicesFile.write(line.bytes + [UInt8(ascii: "\n")])
        }
        let jobsFile = try OutputFile(path: directory + "/jobs.jsonl")
        var batch = JSONWriter(capacity: 1 << 20)
        for job in jobs {
            batch.job(job)
            batch.newline()
            if batch.bytes.count >= 1 << 20 {
                try jobsFile.write(batch.bytes)
                batch = JSONWriter(capacity: 1 << 20)
            }
        }
        try jobsFile.write(batch.bytes)
        let files = [snapshot, servicesFile, jobsFile, events]
        for file in files { try file.commit() }
        return files.map(\.path)
    }
}

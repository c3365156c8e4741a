import EventStore
import TopChefCore

/// Writes `snapshot.json`, `services.jsonl`, `jobs.jsonl` and `events.jsonl` into a directory: one JSON
/// object per line, in the same shapes as `topchef log --json` and the history routes.
struct JSONLSnapshotWriter: SnapshotWriter {
    let directory: String
    private let events: OutputFile
    private let buffer = ByteBuffer(capacity: 1 << 20 + 1 << 16)

    init(directory: String) throws(ToolError) {
        self.directory = directory
        events = try OutputFile(path: directory + "/events.jsonl")
    }

    var keepsEvents: Bool { true }

    mutating func event(_ parts: RecordParts, _ event: DomainEvent) throws {
        buffer.event(parts, event)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 {
            try events.writeBatch(buffer.bytes)
            buffer.removeAll()
        }
    }

    mutating func finish(info: SnapshotInfo, services: [ServiceRecord], jobs: [JobRecord]) throws -> [String] {
        try events.writeBatch(buffer.bytes)
        buffer.removeAll()
        let snapshot = try OutputFile(path: directory + "/snapshot.json")
        try snapshot.write(info.json + [UInt8(ascii: "\n")])
        let servicesFile = try OutputFile(path: directory + "/services.jsonl")
        for service in services {
            var line = JSONWriter()
            line.service(service)
            try servicesFile.write(line.bytes + [UInt8(ascii: "\n")])
        }
        let jobsFile = try OutputFile(path: directory + "/jobs.jsonl")
        for job in jobs {
            buffer.job(job)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                try jobsFile.writeBatch(buffer.bytes)
                buffer.removeAll()
            }
        }
        try jobsFile.writeBatch(buffer.bytes)
        buffer.removeAll()
        let files = [snapshot, servicesFile, jobsFile, events]
        try ExportDirectoryLock.holding(directory) { try OutputFile.commit(files) }
        return files.map(\.path)
    }
}

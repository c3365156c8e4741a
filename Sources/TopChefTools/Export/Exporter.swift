public import EventStore
import Foundation
import TopChefCore

/// Takes a snapshot of a log at a point and writes it in one of the ``ExportFormat``s.
///
/// The log is read once: events are folded into the projections and, for the formats that keep them,
/// written as they come; services and jobs follow from the projections at the end. Files are written under
/// temporary names and moved into place only when complete.
public enum Exporter {
    /// Exports `store` as `request` says. `progress` gets the last sequence number read, now and then.
    /// - Throws: ``ToolError``: `unwritableOutput` (also for an output inside the log's directory),
    ///   `unknownID` (a `--service` that is not registered at the point), `damagedLog` (a record read does
    ///   not match its hash, or the chain or the sequence breaks, up to the point exported).
    public static func run(_ store: LMDBEventStore, _ request: ExportRequest, progress: ((UInt64) -> Void)? = nil)
        throws(ToolError) -> ExportReport
    {
        let clock = ContinuousClock()
        let start = clock.now
        try LogDirectoryGuard.refuseOutput(request.output, insideLog: store.path)
        do {
            if let serviceID = request.serviceID, try store.version(of: .service(serviceID)) == 0 {
                throw ToolError(.unknownID, "no service has the id \(serviceID.lowercasedString)")
            }
            var writer = try makeWriter(request)
            var state = SnapshotProjection()
            var jobStreams = Set<String>()
            var serviceStream: String?
            if let serviceID = request.serviceID { serviceStream = StreamID.service(serviceID).name }
            // The events are rendered and written on a second thread while this one reads and projects.
            let pipeline = writer.keepsEvents ? EventPipeline(writer) : nil
            defer { pipeline?.close() }
            var lastSequence: UInt64 = 0
            var lastRecordedAt: Timestamp?
            var lastHash = EventRecordCodec.genesisHash
            var eventCount = 0
            var last: (sequence: UInt64, recordedAt: Timestamp, hash: [UInt8])?
            let progressInterval = UInt64(Replay.progressInterval)
            // Records are read in place from the memory map: no envelope is copied, only what the projections
            // keep (parameters, results) is. A second thread verifies the hash chain of the records read
            // meanwhile, so that no export of a damaged log (its last hash least of all) passes for sound; on
            // damage the output is never moved into place.
            try store.forEachRecordVerifyingChain { sequence, record in
                let parts = try Self.parts(of: record, key: sequence, in: store)
                guard request.point.includes(sequence: parts.sequence, recordedAt: parts.recordedAt) else {
                    return false
                }
                let event = try parts.decode()
                state.apply(event, sequence: parts.sequence, streamVersion: parts.streamVersion)
                lastSequence = parts.sequence
                lastRecordedAt = parts.recordedAt
                lastHash.withUnsafeMutableBytes { $0.copyMemory(from: parts.hash) }
                if let serviceStream, let serviceID = request.serviceID {
                    if case .jobSubmitted(let submission) = event, submission.serviceID == serviceID {
                        jobStreams.insert(String(decoding: parts.streamID, as: UTF8.self))
                    }
                    let name = String(decoding: parts.streamID, as: UTF8.self)
                    guard name == serviceStream || jobStreams.contains(name) else { return true }
                }
                eventCount += 1
                try pipeline?.add(parts, event)
                if parts.sequence % progressInterval == 0 { progress?(parts.sequence) }
                return true
            }
            if let lastRecordedAt { last = (lastSequence, lastRecordedAt, lastHash) }
            if let pipeline { writer = try pipeline.finish() }
            let services: [ServiceRecord]
            let jobs: [JobRecord]
            if let serviceID = request.serviceID {
                guard let service = state.service(serviceID) else {
                    throw ToolError(
                        .unknownID, "service \(serviceID.lowercasedString) was not registered as of \(request.point)")
                }
                services = [service]
                jobs = state.jobs(ofService: serviceID) ?? []
            } else {
                services = state.services
                jobs = state.jobs
            }
            let info = SnapshotInfo(
                lastSequence: last?.sequence ?? 0, lastRecordedAt: last?.recordedAt,
                lastHash: JSONWriter.hex(last?.hash ?? EventRecordCodec.genesisHash),
                point: request.point, serviceID: request.serviceID)
            let files = try writer.finish(info: info, services: services, jobs: jobs)
            return ExportReport(
                serviceCount: services.count, jobCount: jobs.count, eventCount: eventCount,
                lastSequence: info.lastSequence, files: files, duration: clock.now - start)
        } catch let error as SQLiteError {
            // Only the SQLite snapshot's file speaks SQLite: a failure while its rows go in or at its commit
            // (a full disk) is an output that cannot be written (exit 6), as for the other formats' files.
            throw ToolError(.unwritableOutput, "\(request.output): \(error)")
        } catch {
            throw ToolError(error)
        }
    }

    /// The fields of a stored record read in place. A record that is not as TopChef writes it (malformed,
    /// or strings that are not ASCII) is decoded again by ``EventRecordCodec``, which names what is wrong.
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)``.
    static func parts(of record: UnsafeRawBufferPointer, key: UInt64?, in store: LMDBEventStore) throws -> RecordParts {
        if let parts = RecordParts(record), parts.stringsAreASCII { return parts }
        do {
            _ = try EventRecordCodec.decode(record, verifyHash: false)
        } catch {
            throw EventStoreError.damaged(path: store.path, sequence: key, reason: "\(error)")
        }
        guard let parts = RecordParts(record) else {
            throw EventStoreError.damaged(path: store.path, sequence: key, reason: "the record does not decode")
        }
        return parts
    }

    /// Checks the output path and opens the writer of the format.
    static func makeWriter(_ request: ExportRequest) throws(ToolError) -> any SnapshotWriter {
        let files = FileManager.default
        let output = request.output
        var isDirectory: ObjCBool = false
        let exists = files.fileExists(atPath: output, isDirectory: &isDirectory)
        switch request.format {
        case .sqlite:
            if exists && isDirectory.boolValue {
                throw ToolError(.unwritableOutput, "\(output): is a directory; SQLite exports go to a file")
            }
            try checkParent(of: output)
            return try SQLiteSnapshotWriter(path: output)
        case .jsonl, .csv:
            if exists {
                guard isDirectory.boolValue else {
                    throw ToolError(
                        .unwritableOutput, "\(output): is a file; \(request.format) exports go to a directory")
                }
            } else {
                try checkParent(of: output)
                do {
                    try files.createDirectory(atPath: output, withIntermediateDirectories: false)
                } catch {
                    throw ToolError(.unwritableOutput, "\(output): cannot create the directory")
                }
            }
            guard files.isWritableFile(atPath: output) else {
                throw ToolError(.unwritableOutput, "\(output): the directory is not writable")
            }
            return request.format == .jsonl
                ? try JSONLSnapshotWriter(directory: output) : CSVSnapshotWriter(directory: output)
        }
    }

    private static func checkParent(of path: String) throws(ToolError) {
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ToolError(.unwritableOutput, "\(path): the directory \(directory) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw ToolError(.unwritableOutput, "\(path): the directory \(directory) is not writable")
        }
    }
}

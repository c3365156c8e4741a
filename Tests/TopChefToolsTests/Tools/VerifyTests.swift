import Foundation
import LMDB
import TestSupport
import Testing
import TopChefCore
import TopChefTools

@testable import EventStore

struct VerifyTests {
    /// Changes the stored record of event `sequence` through raw LMDB (the log must be closed).
    static func tamper(_ directory: String, sequence: UInt64, _ change: (inout [UInt8]) -> Void) throws {
        try LogTampering.change(directory, sequence: sequence, change)
    }

    /// Deletes event `sequence` through raw LMDB.
    static func delete(_ directory: String, sequence: UInt64) throws {
        let environment = try LMDBEnvironment(path: directory)
        let events = try environment.openDatabase(named: "events", create: false)
        let deleted = try environment.write { transaction in
            try transaction.delete(key: BigEndianKey.bytes(sequence), in: events)
        }
        #expect(deleted)
    }

    @Test func aGoodLogVerifies() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let report = try LogVerifier.verify(directory: scenario.directory)
        #expect(report.failure == nil)
        #expect(report.eventCount == 11)
        #expect(report.streamCount == 6)
        #expect(report.headHash.count == 64)
    }

    /// Turns a log into one of format 1: the format says 1 and a `streams` table holds each stream's
    /// version as the stream index has it, except that the version of `stream`, if given, is one too high.
    static func makeFormatOne(_ directory: String, damaging stream: String? = nil) throws {
        let environment = try LMDBEnvironment(path: directory)
        let meta = try environment.openDatabase(named: "meta", create: false)
        let index = try environment.openDatabase(named: "stream-index", create: false)
        let streams = try environment.openDatabase(named: "streams", create: true)
        try environment.write { transaction in
            try transaction.put(
                withUnsafeBytes(of: UInt32(1).bigEndian) { Array($0) }, forKey: Array("format".utf8), in: meta)
            var versions: [[UInt8]: UInt64] = [:]
            try transaction.withCursor(on: index) { cursor in
                try cursor.forEach { key, _ in
                    let name = Array(key.prefix(key.count - 9))
                    versions[name] = BigEndianKey.uint64(UnsafeRawBufferPointer(rebasing: key[(key.count - 8)...]))
                    return true
                }
            }
            for (name, version) in versions {
                let stored = String(decoding: name, as: UTF8.self) == stream ? version + 1 : version
                try transaction.put(BigEndianKey.bytes(stored), forKey: name, in: streams)
            }
        }
    }

    /// What a crash between checkpoints leaves: every event in the journal, none in data.mdb yet.
    @Test func eventsOnlyInTheJournalAreVerifiedToo() async throws {
        let scratch = TemporaryDirectory()
        var journalOnly = LMDBEventStore.Options()
        journalOnly.checkpoints = false
        let crashed = try await Scenario.write(into: scratch.appending("crashed"), options: journalOnly)
        let clean = try await Scenario.write(into: scratch.appending("clean"))
        let report = try LogVerifier.verify(directory: crashed.directory)
        #expect(report.failure == nil)
        #expect(report.eventCount == 11 && report.journaledEventCount == 11 && report.streamCount == 6)
        #expect(report.headHash == (try LogVerifier.verify(directory: clean.directory)).headHash)
        // A byte changed in the journal's third entry, which later acknowledged entries follow.
        let journal = scratch.appending("crashed/journal-0")
        var bytes = try #require(FileManager.default.contents(atPath: journal))
        let frames = JournalFrame.readFile([UInt8](bytes))
        bytes[frames[2].offset + JournalFrame.headerSize + 10] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: journal))
        let damaged = try LogVerifier.verify(directory: crashed.directory)
        #expect(damaged.failure?.reason.hasPrefix("in the journal: ") == true, "\(String(describing: damaged.failure))")
    }

    /// A server checkpointing (and reusing its journal files) while verify reads: a healthy busy log always
    /// verifies. (The race itself, a journal read after data.mdb has moved on, is pinned at the store's
    /// level in JournalReviewTests; verify reads the journal before each pass over data.mdb and takes
    /// another pass over what was checkpointed meanwhile.)
    @Test func aLogBeingWrittenAndCheckpointedVerifies() async throws {
        let scratch = TemporaryDirectory()
        var options = LMDBEventStore.Options()
        options.generationBytes = 2 << 10
        let broker = try Broker.open(directory: scratch.appending("log"), options: options)
        defer { broker.close() }
        let service = try await broker.registerService(
            RegisterService(
                name: "fit", description: "", parametersSchema: Scenario.parametersSchema,
                resultsSchema: Scenario.resultsSchema))
        let writing = Task {
            for index in 0..<600 {
                _ = try await broker.submitJob(
                    SubmitJob(serviceID: service.id, parameters: Array(#"{"n":\#(index)}"#.utf8)))
            }
        }
        var verified = 0
        while verified < 8 {
            let report = try LogVerifier.verify(directory: scratch.appending("log"))
            #expect(report.failure == nil, "\(String(describing: report.failure))")
            verified += 1
        }
        try await writing.value
        let last = try LogVerifier.verify(directory: scratch.appending("log"))
        #expect(last.failure == nil && last.eventCount == 601)
    }

    @Test func aLogOfFormatOneVerifiesAndItsStreamTableIsChecked() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let good = scratch.appending("format-1")
        try FileManager.default.copyItem(atPath: scenario.directory, toPath: good)
        try Self.makeFormatOne(good)
        let report = try LogVerifier.verify(directory: good)
        #expect(report.failure == nil && report.eventCount == 11 && report.streamCount == 6)
        let bad = scratch.appending("format-1-bad")
        try FileManager.default.copyItem(atPath: scenario.directory, toPath: bad)
        try Self.makeFormatOne(bad, damaging: "job-\(scenario.jobA.lowercasedString)")
        let failure = try #require(try LogVerifier.verify(directory: bad).failure)
        #expect(failure.description.contains("job-\(scenario.jobA.lowercasedString) is at version"), "\(failure)")
    }

    @Test(arguments: [1, 5, 11, 40, -1] as [Int])
    func aFlippedByteIsFoundAtItsSequenceNumber(offset: Int) async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        for sequence in [1, 6, 11] as [UInt64] {
            let copy = scratch.appending("copy-\(sequence)")
            try FileManager.default.copyItem(atPath: scenario.directory, toPath: copy)
            try Self.tamper(copy, sequence: sequence) { record in
                let index = offset >= 0 ? min(offset, record.count - 1) : record.count + offset
                record[index] ^= 0x01
            }
            let report = try LogVerifier.verify(directory: copy)
            #expect(
                report.failure?.sequence == sequence,
                "byte \(offset) of event \(sequence): \(String(describing: report.failure))")
            #expect(report.eventCount == Int(sequence) - 1)
        }
    }

    @Test func aDeletedEventIsNamed() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        for sequence in [1, 7, 11] as [UInt64] {
            let copy = scratch.appending("copy-\(sequence)")
            try FileManager.default.copyItem(atPath: scenario.directory, toPath: copy)
            try Self.delete(copy, sequence: sequence)
            let report = try LogVerifier.verify(directory: copy)
            #expect(report.failure?.sequence == sequence, "\(String(describing: report.failure))")
        }
        let copy = scratch.appending("copy-middle")
        try FileManager.default.copyItem(atPath: scenario.directory, toPath: copy)
        try Self.delete(copy, sequence: 7)
        let failure = try #require(try LogVerifier.verify(directory: copy).failure)
        #expect(failure.description == "sequence number 7: the event is missing (the log goes from 6 to 8)")
    }

    @Test func aRewrittenEventWithAFreshHashBreaksTheChainAfterIt() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        var original: RecordedEvent?
        try store.forEachEvent(from: 4) {
            original = $0; return false
        }
        _ = consume store
        let event = try #require(original)
        // A forger re-encodes event 4 with other content and a correct hash of its own.
        let forged = EventRecordCodec.encode(
            sequence: 4, streamID: event.streamID, streamVersion: event.streamVersion,
            event: ProposedEvent(type: event.type, payload: event.payload, metadata: EventMetadata(actor: "mallory")),
            recordedAt: event.recordedAt, previousHash: event.previousHash)
        try Self.tamper(scenario.directory, sequence: 4) { $0 = forged.record }
        let failure = try #require(try LogVerifier.verify(directory: scenario.directory).failure)
        #expect(failure.sequence == 5)
        #expect(failure.reason.contains("not the hash of event 4"))
    }

    @Test func aDirectoryThatIsNotALogIsRefused() throws {
        let scratch = TemporaryDirectory()
        try Data("hello".utf8).write(to: URL(fileURLWithPath: scratch.appending("notes.txt")))
        #expect(throws: ToolError.self) { try LogVerifier.verify(directory: scratch.path) }
        do {
            _ = try LogVerifier.verify(directory: scratch.appending("missing"))
        } catch {
            #expect(error.kind == .notALog)
            #expect(error.exitCode == 4)
        }
        #expect(FileManager.default.fileExists(atPath: scratch.appending("data.mdb")) == false)
    }
}

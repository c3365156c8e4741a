import EventStore
import LMDB
import TestSupport
import Testing

/// Format 2 keeps stream versions only in the stream index; format 3 adds the commit journal. Logs of
/// format 1 (with a `streams` table) still open, read and take appends; a writable open records format 3,
/// because an older TopChef would not see what the journal holds beyond data.mdb.
struct LogFormatTests {
    /// Writes a log of format 1 the way TopChef did before format 2, through raw LMDB: `meta` says 1, and
    /// `streams` holds each stream's version. Events: job-a 1, job-b 1, job-a 2.
    func writeFormatOneLog(at path: String) throws -> [RecordedEvent] {
        let environment = try LMDBEnvironment(path: path)
        let meta = try environment.openDatabase(named: "meta", create: true)
        let events = try environment.openDatabase(named: "events", create: true)
        let streams = try environment.openDatabase(named: "streams", create: true)
        let streamIndex = try environment.openDatabase(named: "stream-index", create: true)
        _ = try environment.openDatabase(named: "annotations", create: true)
        var previous = EventRecordCodec.genesisHash
        var written: [RecordedEvent] = []
        try environment.write { transaction in
            try transaction.put(
                withUnsafeBytes(of: UInt32(1).bigEndian) { Array($0) }, forKey: Array("format".utf8), in: meta)
            for (sequence, (stream, version)) in [("job-a", 1), ("job-b", 1), ("job-a", 2)].enumerated() {
                let sequence = UInt64(sequence + 1)
                let at = Timestamp(microsecondsSinceEpoch: 1_764_000_000_000_000 + Int64(sequence))
                let proposed = event()
                let (record, hash) = EventRecordCodec.encode(
                    sequence: sequence, streamID: StreamID(stream), streamVersion: UInt64(version), event: proposed,
                    recordedAt: at, previousHash: previous)
                try transaction.put(record, forKey: BigEndianKey.bytes(sequence), in: events, mode: .append)
                try transaction.put(
                    BigEndianKey.bytes(sequence),
                    forKey: Array(stream.utf8) + [0] + BigEndianKey.bytes(UInt64(version)),
                    in: streamIndex)
                try transaction.put(BigEndianKey.bytes(UInt64(version)), forKey: Array(stream.utf8), in: streams)
                written.append(
                    RecordedEvent(
                        sequence: sequence, streamID: StreamID(stream), streamVersion: UInt64(version),
                        type: proposed.type, typeVersion: proposed.typeVersion, recordedAt: at,
                        metadata: proposed.metadata, payload: proposed.payload, previousHash: previous, hash: hash))
                previous = hash
            }
        }
        return written
    }

    /// The stored format version and each stream's entry in the `streams` table (nil when there is no table).
    func rawState(at path: String) throws -> (format: UInt32, streams: [String: UInt64]?) {
        let environment = try LMDBEnvironment(path: path, options: .init(readOnly: true))
        let meta = try environment.openDatabase(named: "meta", create: false)
        let streams = try environment.openDatabaseIfPresent(named: "streams")
        return try environment.read { transaction in
            let stored = try #require(try transaction.value(in: meta, forKey: Array("format".utf8)))
            let format = stored.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self)) }
            guard let streams else { return (format, nil) }
            var versions: [String: UInt64] = [:]
            try transaction.withCursor(on: streams) { cursor in
                try cursor.forEach { key, value in
                    versions[String(decoding: key, as: UTF8.self)] = BigEndianKey.uint64(value)
                    return true
                }
            }
            return (format, versions)
        }
    }

    @Test func aNewLogIsOfTheCurrentFormatAndHasNoStreamTable() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        _ = try await store.append([event()], to: "job-a", expectedVersion: .noStream)
        store.close()
        let state = try rawState(at: directory.path)
        #expect(state.format == LMDBEventStore.formatVersion && state.format == 3)
        #expect(state.streams == nil)
    }

    @Test func aLogOfFormatOneOpensReadsAndTakesAppendsAndBecomesFormatThree() async throws {
        let directory = TemporaryDirectory()
        let written = try writeFormatOneLog(at: directory.path)
        let store = try LMDBEventStore(path: directory.path)
        #expect(store.lastSequence == 3)
        #expect(try allEvents(store) == written)
        #expect(try await store.read(stream: "job-a", fromVersion: 1, limit: 10) == [written[0], written[2]])
        #expect(
            try store.version(of: "job-a") == 2 && store.version(of: "job-b") == 1 && store.version(of: "job-c") == 0)
        await #expect(throws: WrongExpectedVersionError(streamID: "job-a", expected: .exact(1), actual: 2)) {
            try await store.append([event()], to: "job-a", expectedVersion: .exact(1))
        }
        let appended = try await store.append([event()], to: "job-a", expectedVersion: .exact(2))
        let created = try await store.append([event()], to: "job-c", expectedVersion: .noStream)
        #expect(appended[0].sequence == 4 && appended[0].streamVersion == 3)
        #expect(appended[0].previousHash == written[2].hash)
        #expect(created[0].sequence == 5 && created[0].streamVersion == 1)
        #expect(expectWellFormed(try allEvents(store)))
        store.close()
        let state = try rawState(at: directory.path)
        #expect(state.format == 3, "an older TopChef must refuse a log whose journal it would not read")
        #expect(state.streams == ["job-a": 3, "job-b": 1, "job-c": 1], "kept right while it was open")
    }

    /// A stream's version is read from the last stream-index key with its prefix "id, NUL": streams whose
    /// ids extend it, or sort right after it, must not be mistaken for it.
    @Test func versionsOfStreamsWithSharedPrefixesStayApart() async throws {
        let directory = TemporaryDirectory()
        let store = try LMDBEventStore(path: directory.path)
        let streams: [StreamID] = ["job-a", "job-ab", "job-a\u{1}", "job-", "job-b", "job-a\u{FF}"]
        for (index, stream) in streams.enumerated() {
            for version in 0..<(index + 1) {
                let expected: ExpectedVersion = version == 0 ? .noStream : .exact(UInt64(version))
                _ = try await store.append([event()], to: stream, expectedVersion: expected)
            }
        }
        for (index, stream) in streams.enumerated() {
            #expect(try store.version(of: stream) == UInt64(index + 1), "\(stream)")
        }
        #expect(try store.version(of: "job-aa") == 0 && store.version(of: "job") == 0 && store.version(of: "jobs") == 0)
        #expect(expectWellFormed(try allEvents(store)))
    }
}

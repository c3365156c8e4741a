import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore

@testable import TopChefTools

/// The export's in-place reading (``RecordParts``) and rendering (``ByteBuffer``) must give exactly the bytes
/// of ``EventRecordCodec`` and ``JSONWriter``: the exports stay byte-identical whichever path wrote them.
struct FastRenderingTests {
    /// Renders a record both ways.
    static func renderings(_ record: UnsafeRawBufferPointer) throws -> (fast: [UInt8], reference: [UInt8]) {
        let parts = try #require(RecordParts(record))
        let buffer = ByteBuffer(capacity: 16)
        buffer.event(parts, try parts.decode())
        let recorded = try EventRecordCodec.decode(record, verifyHash: true)
        return (Array(buffer.bytes), try ProvenanceJSON.event(recorded))
    }

    @Test func everyEventOfTheScenarioRendersAsJSONWriterRendersIt() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        var count = 0
        try store.forEachRawRecord(from: 1) { _, record in
            let (fast, reference) = try Self.renderings(record)
            #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
            #expect(EventRecordCodec.hashMatches(record))
            count += 1
            return true
        }
        #expect(count == 11)
        let buffer = ByteBuffer(capacity: 16)
        for job in try Replay.run(store).state.jobs(after: nil, limit: .max) ?? [] {
            buffer.removeAll()
            buffer.job(job)
            var writer = JSONWriter()
            writer.job(job)
            #expect(Array(buffer.bytes) == writer.bytes)
        }
    }

    /// ``ByteBuffer/timestamp(_:)`` reuses the date and time of day of seconds it wrote before (a slot per
    /// second modulo 8): times in the same second, the next ones, eight seconds apart (the same slot), before
    /// 1970 (whose second, truncated, is the same as just after) and beyond year 9999 must each be written as
    /// ``JSONWriter`` writes them, in any order.
    @Test func timesWrittenOneAfterAnotherAreEachWrittenAsJSONWriterWritesThem() {
        let times: [Int64] = [
            1_772_366_400_000_000, 1_772_366_400_000_001, 1_772_366_400_999_999, 1_772_366_401_000_000, 0, -1,
            -999_999, -1_000_000, 999_999, 0, 253_402_300_800_000_000, 253_402_300_800_000_001, 1_772_366_401_500_000,
            -62_167_219_200_000_001, -62_167_219_200_000_000, 1_772_366_408_000_001, 1_772_366_400_000_002,
            1_772_366_416_123_456, 1_772_366_408_654_321, -8_000_000, -7_999_999, -16_000_000,
        ]
        let buffer = ByteBuffer(capacity: 16)
        for microseconds in times {
            let time = Timestamp(microsecondsSinceEpoch: microseconds)
            buffer.removeAll()
            buffer.timestamp(time)
            var writer = JSONWriter()
            writer.timestamp(time)
            #expect(String(decoding: buffer.bytes, as: UTF8.self) == String(decoding: writer.bytes, as: UTF8.self))
        }
    }

    @Test(arguments: [
        Timestamp(microsecondsSinceEpoch: 0), Timestamp(microsecondsSinceEpoch: -1),
        Timestamp(microsecondsSinceEpoch: 1_234_567), Timestamp(microsecondsSinceEpoch: 253_402_300_800_000_000),
        Timestamp(microsecondsSinceEpoch: -62_167_219_200_000_001), Scenario.start,
    ])
    func escapesMetadataNumbersAndTimesAsJSONWriterDoes(time: Timestamp) throws {
        let events: [(DomainEvent, EventMetadata)] = [
            (
                .serviceRegistered(
                    ServiceRegistered(
                        serviceID: UUID(), name: "a \"quoted\"\nname\t\u{1}é", description: "back\\slash",
                        parametersSchema: Array("{}".utf8), resultsSchema: Array("{\"a\":1}".utf8),
                        timeoutSeconds: -42, registeredAt: time)),
                EventMetadata(requestID: "r\"1", idempotencyKey: "k\n", actor: "ü")
            ),
            (
                .serviceUpdated(
                    ServiceUpdated(
                        serviceID: UUID(), name: nil, description: "d", timeoutSeconds: 0, isAvailable: false,
                        updatedAt: time)),
                EventMetadata(actor: "someone")
            ),
            (
                .jobStatusChanged(JobStatusChanged(jobID: UUID(), from: .registered, to: .working, changedAt: time)),
                EventMetadata(idempotencyKey: "x")
            ),
        ]
        for (index, (event, metadata)) in events.enumerated() {
            let proposed = DomainEventCodec.encode(event, metadata: metadata)
            let encoded = EventRecordCodec.encode(
                sequence: UInt64(index + 1) * 1_000_003, streamID: StreamID("s\"tream-\(index)"),
                streamVersion: UInt64(index) * 977, event: proposed, recordedAt: time,
                previousHash: EventRecordCodec.genesisHash)
            try encoded.record.withUnsafeBytes { record in
                let (fast, reference) = try Self.renderings(record)
                #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
                #expect(EventRecordCodec.hashMatches(record))
                var damaged = Array(record)
                damaged[damaged.count / 2] ^= 1
                #expect(!damaged.withUnsafeBytes { EventRecordCodec.hashMatches($0) })
            }
        }
    }

    @Test func documentsOfOneShapeHaveTheSameLeafPaths() throws {
        func shape(_ text: String) -> [UInt8]? {
            var shape: [UInt8] = []
            return JSONFlattener.shape(of: Array(text.utf8), into: &shape) ? shape : nil
        }
        func paths(_ text: String) throws -> Set<[String]> {
            Set(try JSONFlattener.flatten(Array(text.utf8)).map(\.path))
        }
        let same = [#"{"a":{"b":1},"c":"x","d":[1,{"e":"]"}]}"#, #" { "a" : {"b":-2.5e3} , "c":null,"d":[]} "#]
        #expect(shape(same[0]) != nil)
        #expect(shape(same[0]) == shape(same[1]))
        #expect(try paths(same[0]) == (try paths(same[1])))
        for different in [
            #"{"a":{"b":1},"c":{},"d":[]}"#, #"{"a":{},"c":1,"d":2}"#, #"{"a":{"b":1,"x":2},"c":1,"d":2}"#,
        ] {
            #expect(shape(different) != nil)
            #expect(shape(different) != shape(same[0]))
        }
        for unusual in [#"{"a\u0062":1}"#, #"{"a":"x\"y"}"#, #"{"a":1"#, #"{"a":tru}"#, #"{"a":1} x"#, ""] {
            #expect(shape(unusual) == nil)
        }
    }

    @Test func theSnapshotProjectionHoldsTheRecordsOfTheProjectionState() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("scenario"))
        _ = try await LogGenerator.generate(
            directory: scratch.appending("generated"), plan: .init(services: 3, jobs: 300))
        for directory in [scenario.directory, scratch.appending("generated")] {
            let store = try LogAccess.openReadOnly(directory)
            var state = ProjectionState()
            var snapshot = SnapshotProjection()
            var count = 0
            try store.forEachEvent(from: 1) { recorded in
                let event = try DomainEventCodec.decode(recorded)
                state.apply(event, sequence: recorded.sequence, streamVersion: recorded.streamVersion)
                snapshot.apply(event, sequence: recorded.sequence, streamVersion: recorded.streamVersion)
                count += 1
                if count % 97 == 0 || count < 12 {
                    #expect(snapshot.services == state.allServices)
                    #expect(snapshot.jobs == state.jobs(after: nil, limit: .max))
                    for service in state.allServices {
                        #expect(snapshot.service(service.id) == service)
                        #expect(
                            snapshot.jobs(ofService: service.id)
                                == state.jobs(ofService: service.id, after: nil, limit: .max))
                    }
                }
                return true
            }
            #expect(snapshot.services == state.allServices)
            #expect(snapshot.jobs == state.jobs(after: nil, limit: .max))
            #expect(snapshot.service(UUID()) == nil && snapshot.jobs(ofService: UUID()) == nil)
        }
    }
}

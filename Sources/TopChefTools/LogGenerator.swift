import EventStore
import Foundation
import Synchronization
import TopChefCore

/// Writes a synthetic log for benchmarks: services, then jobs that go through realistic lifecycles, with
/// times one millisecond apart. Deterministic for a given size (ids and values come from the job's number).
///
/// Of every ten jobs, seven complete (submitted, WORKING, results, COMPLETED: four events), two fail
/// (submitted, WORKING, ERROR: three) and one stays REGISTERED (one): 3.5 events per job on average.
public enum LogGenerator {
    /// How big a log to make.
    public struct Plan: Sendable {
        /// The number of services.
        public var services: Int
        /// The number of jobs.
        public var jobs: Int

        /// A plan for `jobs` jobs over `services` services.
        public init(services: Int, jobs: Int) {
            self.services = max(services, 1)
            self.jobs = max(jobs, 0)
        }

        /// The jobs needed for about `events` events.
        public static func events(_ events: Int, services: Int) -> Plan {
            Plan(services: services, jobs: max(events - services, 0) * 10 / 35)
        }
    }

    /// Writes `plan` into a new log in `directory` (appends are group-committed without fsync: it is a
    /// throwaway log). Returns the number of events written.
    public static func generate(directory: String, plan: Plan, progress: ((UInt64) -> Void)? = nil) async throws
        -> UInt64
    {
        let start = Timestamp(iso8601: "2026-01-01T00:00:00Z")!
        // The store records each batch at the time of the latest job appended, 1.5 s after its submission.
        let latest = LatestJob()
        let store = try LMDBEventStore(
            path: directory, options: .init(initialMapSize: 1 << 30, durable: false),
            clock: {
                Timestamp(
                    microsecondsSinceEpoch: start.microsecondsSinceEpoch + 1_500_000
                        + Int64(latest.index.load(ordering: .relaxed)) * 1_000)
            }
        )
        defer { store.close() }
        guard store.lastSequence == 0 else {
            throw ToolError(.unwritableOutput, "\(directory): already holds a log; generate-log writes new ones only")
        }
        let schema = Array(#"{"type":"object","properties":{"x":{"type":"number"},"n":{"type":"integer"}}}"#.utf8)
        for index in 0..<plan.services {
            let event = DomainEvent.serviceRegistered(
                ServiceRegistered(
                    serviceID: uuid(0x5E00_0000, index), name: "service \(index)",
                    description: "generated service \(index)",
                    parametersSchema: schema, resultsSchema: schema, timeoutSeconds: 30, registeredAt: start))
            _ = try await store.append(
                [DomainEventCodec.encode(event)], to: event.streamID, expectedVersion: .noStream)
        }
        let window = 256
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<plan.jobs {
                if index >= window { try await group.next() }
                group.addTask {
                    latest.index.store(index, ordering: .relaxed)
                    let events = jobEvents(index, services: plan.services, start: start)
                    _ = try await store.append(
                        events.map { DomainEventCodec.encode($0) }, to: events[0].streamID, expectedVersion: .noStream)
                }
                if index % 65_536 == 0 { progress?(UInt64(index) * 35 / 10) }
            }
            try await group.waitForAll()
        }
        return store.lastSequence
    }

    /// The events of job `index`.
    static func jobEvents(_ index: Int, services: Int, start: Timestamp) -> [DomainEvent] {
        let id = uuid(0x10B0_0000, index)
        let service = uuid(0x5E00_0000, index % services)
        let base = start.microsecondsSinceEpoch + Int64(index) * 1_000
        func at(_ offset: Int64) -> Timestamp { Timestamp(microsecondsSinceEpoch: base + offset) }
        let parameters =
            #"{"x":\#(Double(index % 1000) / 8),"n":\#(index),"label":"run-\#(index)","opts":{"mode":"\#(index % 2 == 0 ? "fast" : "exact")","iterations":\#(100 + index % 50)}}"#
        var events: [DomainEvent] = [
            .jobSubmitted(
                JobSubmitted(jobID: id, serviceID: service, parameters: Array(parameters.utf8), submittedAt: at(0)))
        ]
        let kind = index % 10
        guard kind < 9 else { return events }
        events.append(
            .jobStatusChanged(JobStatusChanged(jobID: id, from: .registered, to: .working, changedAt: at(250_000))))
        if kind < 7 {
            let results =
                #"{"energy":-\#(Double(index % 977) / 16),"converged":\#(index % 3 != 0),"steps":\#(index % 40)}"#
            events.append(
                .jobResultsRecorded(
                    JobResultsRecorded(jobID: id, results: Array(results.utf8), recordedAt: at(1_500_000))))
            events.append(
                .jobStatusChanged(JobStatusChanged(jobID: id, from: .working, to: .completed, changedAt: at(1_500_000)))
            )
        } else {
            events.append(
                .jobStatusChanged(JobStatusChanged(jobID: id, from: .working, to: .error, changedAt: at(900_000))))
        }
        return events
    }

    /// A UUID whose first four bytes are `prefix` and last eight are `index`.
    static func uuid(_ prefix: UInt32, _ index: Int) -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        withUnsafeBytes(of: prefix.bigEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        withUnsafeBytes(of: UInt64(index).bigEndian) { bytes.replaceSubrange(8..<16, with: $0) }
        bytes[6] = 0x40 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return bytes.withUnsafeBytes { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }
}

/// The number of the latest job handed to the store, shared by the appending tasks and the store's clock.
private final class LatestJob: Sendable {
    let index = Atomic<Int>(0)
}

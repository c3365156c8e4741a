public import EventStore
public import Foundation
import Logging

/// The write side of TopChef: decides commands against the projections, appends the events durably, and
/// answers with the projected result. One per log.
///
/// Deciding is optimistic: the decision carries the stream version it saw, and when a concurrent command
/// moved that stream first, the append fails with a wrong-version error and the command is decided again
/// against the newer state.
public final class Broker: Sendable {
    /// The log.
    public let store: LMDBEventStore
    /// The current views.
    public let projection: Projection
    private let clock: @Sendable () -> Timestamp
    private let streamLocks = KeyedAsyncLock<StreamID>()
    private static let checkInNamespace = "service-check-in"
    private static let maximumAttempts = 16

    /// Opens (or creates) the log in `directory` and rebuilds the projections from it, verifying every
    /// event's hash and the chain as it goes (see ``replay(_:until:verifyingChain:)``).
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` for a log that does not verify.
    public static func open(
        directory: String, options: LMDBEventStore.Options = .init(),
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) throws -> Broker {
        let store = try LMDBEventStore(path: directory, options: options, clock: clock)
        return try Broker(store: store, clock: clock)
    }

    /// A broker over an open store: replays it into a fresh projection and follows its commits.
    public init(store: LMDBEventStore, clock: @escaping @Sendable () -> Timestamp = Timestamp.now) throws {
        self.store = store
        self.clock = clock
        self.projection = Projection(try Self.replay(store))
        let projection = self.projection
        store.addCommitObserver { events in
            // A decoding failure here would mean this process wrote an event it cannot read: a bug. The
            // event is durable; the projection stops short of it and the next restart reports it.
            try? projection.apply(events)
        }
        // Events appended between the replay and the observer (none in practice: nobody else appends yet).
        let caughtUp = projection.read { $0.lastSequence }
        var missed: [RecordedEvent] = []
        try store.forEachEvent(from: caughtUp + 1, verifyHashes: true) {
            missed.append($0); return true
        }
        try projection.apply(missed)
    }

    /// Rebuilds the projections from the whole log (and the check-ins kept beside it).
    ///
    /// With `verifyingChain` (the default, and what every open does), every event replayed is checked on a
    /// second thread meanwhile: its hash against its content, its previous hash against the event before
    /// it, sequence numbers from 1 without a gap. A server must not serve, as if sound, provenance that was
    /// changed on disk; the open reads every record anyway, and the check costs it little wall time.
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` naming the first bad event.
    public static func replay(_ store: LMDBEventStore, until last: UInt64 = .max, verifyingChain: Bool = true) throws
        -> ProjectionState
    {
        var state = ProjectionState()
        // A local function, not a closure value: passed only as a non-escaping argument, `state` stays
        // unboxed, as in the loop this replaced.
        func apply(_ event: EventRecordView) throws -> Bool {
            guard event.sequence <= last else { return false }
            state.apply(
                try DomainEventCodec.decode(event), sequence: event.sequence, streamVersion: event.streamVersion)
            return true
        }
        if verifyingChain {
            try store.forEachEventViewVerifyingChain(apply)
        } else {
            try store.forEachEventView(from: 1, apply)
        }
        for (key, value) in try store.annotations(namespace: checkInNamespace) where key.count == 16 && value.count == 8
        {
            let id = key.withUnsafeBytes { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
            let micros = value.withUnsafeBytes { Int64(bigEndian: $0.loadUnaligned(as: Int64.self)) }
            state.recordCheckIn(of: id, at: Timestamp(microsecondsSinceEpoch: micros))
        }
        return state
    }

    /// The broker's current time.
    public var now: Timestamp { clock() }

    /// Decides `command`, appends its events durably and returns them (empty when nothing changes).
    ///
    /// Commands on one stream run one at a time; a version conflict (another process, later) is decided again.
    /// Commands that create their stream (every job submission) skip the lock: see ``Command/createsStream``.
    @discardableResult
    public func execute(_ command: Command, metadata: EventMetadata = .none) async throws -> [DomainEvent] {
        if command.createsStream { return try await decideAndAppend(command, metadata: metadata) }
        return try await streamLocks.withLock(command.streamID) {
            try await decideAndAppend(command, metadata: metadata)
        }
    }

    /// Decides `command` against the projections and appends its events, deciding again after a version
    /// conflict.
    private func decideAndAppend(_ command: Command, metadata: EventMetadata) async throws -> [DomainEvent] {
        for _ in 0..<Self.maximumAttempts {
            let now = clock()
            let decision = try projection.read { try Decider.decide(command, state: $0, now: now) }
            guard !decision.events.isEmpty else { return [] }
            do {
                _ = try await store.append(
                    decision.events.map { DomainEventCodec.encode($0, metadata: metadata) },
                    to: decision.streamID, expectedVersion: decision.expectedVersion)
                return decision.events
            } catch is WrongExpectedVersionError {
                continue
            }
        }
        throw DomainError.contention(streamName: command.streamID.name, attempts: Self.maximumAttempts)
    }

    /// Registers a service and returns it as projected.
    public func registerService(_ command: RegisterService, metadata: EventMetadata = .none) async throws
        -> ServiceRecord
    {
        try await execute(.registerService(command), metadata: metadata)
        return try serviceOrThrow(command.serviceID)
    }

    /// Updates a service and returns it as projected.
    public func updateService(_ command: UpdateService, metadata: EventMetadata = .none) async throws -> ServiceRecord {
        try await execute(.updateService(command), metadata: metadata)
        return try serviceOrThrow(command.serviceID)
    }

    /// Submits a job and returns it as projected.
    public func submitJob(_ command: SubmitJob, metadata: EventMetadata = .none) async throws -> JobRecord {
        try await execute(.submitJob(command), metadata: metadata)
        guard let job = projection.read({ $0.job(command.jobID) }) else { throw DomainError.jobNotFound(command.jobID) }
        return job
    }

    /// Updates a job and returns it as projected.
    public func updateJob(_ command: UpdateJob, metadata: EventMetadata = .none) async throws -> JobRecord {
        try await execute(.updateJob(command), metadata: metadata)
        guard let job = projection.read({ $0.job(command.jobID) }) else { throw DomainError.jobNotFound(command.jobID) }
        return job
    }

    /// Records that a service is alive, durably but outside the event log (liveness is not provenance and
    /// must not grow the log), and returns the check-in time.
    @discardableResult
    public func checkIn(serviceID: UUID) async throws -> Timestamp {
        guard projection.read({ $0.service(serviceID) }) != nil else { throw DomainError.serviceNotFound(serviceID) }
        let now = clock()
        let key = withUnsafeBytes(of: serviceID.uuid) { Array($0) }
        let value = withUnsafeBytes(of: now.microsecondsSinceEpoch.bigEndian) { Array($0) }
        try await store.putAnnotation(namespace: Self.checkInNamespace, key: key, value: value)
        projection.recordCheckIn(of: serviceID, at: now)
        return now
    }

    private func serviceOrThrow(_ id: UUID) throws -> ServiceRecord {
        guard let service = projection.read({ $0.service(id) }) else { throw DomainError.serviceNotFound(id) }
        return service
    }

    /// Stops appending and closes the log; in-flight appends finish first.
    public func close() {
        store.close()
    }
}

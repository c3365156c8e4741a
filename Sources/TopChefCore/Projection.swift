public import EventStore
public import Foundation
import Synchronization

/// The in-memory views behind a lock, fed by the event store's commit observer.
///
/// Reads never touch LMDB and never see an event that is not durable: events are applied only after their
/// commit, on the writer's thread, before the appender resumes.
public final class Projection: Sendable {
    private let state: Mutex<ProjectionState>

    /// A projection starting from `initial` (empty by default).
    public init(_ initial: ProjectionState = ProjectionState()) {
        state = Mutex(initial)
    }

    /// Runs `body` with the current state. Keep it short: appends wait while it runs.
    public func read<T>(_ body: (inout ProjectionState) throws -> T) rethrows -> T {
        try state.withLock { try body(&$0) }
    }

    /// A copy of the whole state (copy-on-write: cheap until the next event is applied).
    public var snapshot: ProjectionState { state.withLock { $0 } }

    /// Applies recorded events in order; events at or before the state's last sequence are skipped.
    /// - Throws: ``DomainEventDecodingError`` for an event that does not decode (nothing after it is applied).
    public func apply(_ events: [RecordedEvent]) throws(DomainEventDecodingError) {
        try state.withLock { state throws(DomainEventDecodingError) in
            for event in events where event.sequence > state.lastSequence {
                state.apply(
                    try DomainEventCodec.decode(event), sequence: event.sequence, streamVersion: event.streamVersion)
            }
        }
    }

    /// Records a service check-in.
    public func recordCheckIn(of serviceID: UUID, at time: Timestamp) {
        state.withLock { $0.recordCheckIn(of: serviceID, at: time) }
    }
}

public import EventStore

/// What a replay rebuilt and how it went.
public struct ReplayReport: Sendable {
    /// The projections as of the point replayed to.
    public var state: ProjectionState
    /// How many events were applied.
    public var eventCount: Int
    /// The sequence number of the last event applied (0 when none was).
    public var lastSequence: UInt64
    /// When the last event applied was recorded.
    public var lastRecordedAt: Timestamp?
    /// The rules broken along the way (empty when invariants were not checked or all hold).
    public var violations: [InvariantViolation]
    /// How many rules were broken in all (``violations`` keeps the first ones).
    public var violationCount: Int
    /// How long reading and applying took.
    public var duration: Duration

    /// Events applied per second.
    public var eventsPerSecond: Double {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds > 0 ? Double(eventCount) / seconds : 0
    }
}

/// Rebuilds the projections from a log, optionally only up to a point, checking the domain's rules.
public enum Replay {
    /// How often (in events) `progress` is called.
    public static let progressInterval = 1 << 16

    /// Replays `store` up to `point`. `progress` is called every ``progressInterval`` events with the last
    /// sequence number applied. Liveness (check-ins) is not provenance and is left out, so that the same log
    /// and point always give the same state.
    /// Every event applied is verified on a second thread meanwhile (its hash, its link to the one before,
    /// no gap: see ``LMDBEventStore/forEachEventViewVerifyingChain(_:)``): a replay never reports a damaged
    /// log's state, or its invariants, as sound.
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` naming the first event applied that does
    ///   not verify or decode, ``DomainEventDecodingError`` when a payload of a sound record does not decode.
    public static func run(
        _ store: LMDBEventStore, until point: LogPoint = .end, checkInvariants: Bool = true,
        progress: ((UInt64) -> Void)? = nil
    ) throws -> ReplayReport {
        let clock = ContinuousClock()
        let start = clock.now
        var state = ProjectionState()
        var checker = InvariantChecker()
        var count = 0
        var lastRecordedAt: Timestamp?
        // Records are read in place: no envelope is copied, only what the projections keep.
        try store.forEachEventViewVerifyingChain { view in
            guard point.includes(view) else { return false }
            let event = try DomainEventCodec.decode(view)
            if checkInvariants { checker.check(view, event, before: state) }
            state.apply(event, sequence: view.sequence, streamVersion: view.streamVersion)
            lastRecordedAt = view.recordedAt
            count += 1
            if count % progressInterval == 0 { progress?(view.sequence) }
            return true
        }
        if checkInvariants { checker.finish(state) }
        return ReplayReport(
            state: state, eventCount: count, lastSequence: state.lastSequence, lastRecordedAt: lastRecordedAt,
            violations: checker.violations, violationCount: checker.violationCount, duration: clock.now - start)
    }
}

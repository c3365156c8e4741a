import EventStore
import Synchronization

/// A clock that tests move by hand, so that every event's time is known.
final class ManualClock: Sendable {
    private let current: Mutex<Timestamp>

    init(_ start: Timestamp) {
        current = Mutex(start)
    }

    var now: Timestamp { current.withLock { $0 } }

    func set(_ time: Timestamp) {
        current.withLock { $0 = time }
    }

    /// Moves the clock to `start` plus `seconds` (fractions allowed) and returns that time.
    @discardableResult
    func set(secondsAfter start: Timestamp, _ seconds: Double) -> Timestamp {
        let time = Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + Int64((seconds * 1e6).rounded()))
        set(time)
        return time
    }

    var function: @Sendable () -> Timestamp { { [self] in now } }
}

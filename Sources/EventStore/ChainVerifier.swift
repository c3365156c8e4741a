import Foundation
import LMDB
import Synchronization

/// Runs a ``ChainCheck`` over a log on a thread of its own, in a read transaction of its own, while the
/// caller's thread reads the same records for something else (a replay, an export).
///
/// Hashing is the larger part of verifying and needs nothing from the reader, so on a machine with a spare
/// core it costs the reader almost no wall time: the verifier usually runs ahead and has finished by the
/// time the reader has. ``finish(through:)`` tells it how far the reader got and waits for it; only records
/// the reader actually used count, so a replay to a point is not failed by damage after that point.
final class ChainVerifier: @unchecked Sendable {
    /// The thread's; it lets go of it before it says it is done, so that the environment is closed (and
    /// the log may be opened for writing) as soon as the reader lets go of its own.
    private var environment: LMDBEnvironment?
    private let events: LMDBDatabase
    private let path: String
    /// The reader's last record once it is done; until then `.max`. The verifier stops beyond it.
    private let bound = Atomic<UInt64>(.max)
    /// The first bad sequence number found (0: none yet), so that the reader can stop early.
    private let failedAt = Atomic<UInt64>(0)
    private let condition = NSCondition()
    /// Written by the thread, read by ``finish(through:)`` after `isDone` (both under `condition`).
    private var isDone = false
    private var chain = ChainCheck()
    private var failure: ChainCheck.Failure?
    private var storageError: (any Error)?

    /// Starts verifying the log of `environment`'s `events` database from sequence number 1.
    init(environment: LMDBEnvironment, events: LMDBDatabase, path: String) {
        self.environment = environment
        self.events = events
        self.path = path
        let thread = Thread { [self] in run() }
        thread.name = "topchef-chain-verifier"
        thread.start()
    }

    /// `true` when the verifier has found damage at or before `sequence`: the reader can stop there.
    func hasFailed(atOrBefore sequence: UInt64) -> Bool {
        let failed = failedAt.load(ordering: .relaxed)
        return failed != 0 && failed <= sequence
    }

    /// Waits for the verifier, the reader having used records 1 through `reached`, and makes sure each of
    /// those was checked (on this thread, for any the verifier's snapshot did not hold yet: a writer may
    /// append while a read-only tool reads).
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` naming the first bad record up to
    ///   `reached`.
    func finish(through reached: UInt64, in environment: LMDBEnvironment) throws(EventStoreError) {
        bound.store(reached, ordering: .relaxed)
        condition.lock()
        while !isDone { condition.wait() }
        condition.unlock()
        if let failure, failure.sequence <= reached {
            throw .damaged(path: path, sequence: failure.sequence, reason: failure.reason)
        }
        if let storageError { throw .storage(path: path, message: "\(storageError)") }
        guard failure == nil, chain.checkedThrough < reached else { return }
        do {
            try check(through: reached, in: environment)
        } catch {
            throw .storage(path: path, message: "\(error)")
        }
        if let failure, failure.sequence <= reached {
            throw .damaged(path: path, sequence: failure.sequence, reason: failure.reason)
        }
    }

    private func run() {
        do {
            try check(through: nil, in: environment!)
        } catch {
            storageError = error
        }
        condition.lock()
        environment = nil
        isDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Checks records from the next one expected on, up to `last` (or to ``bound``), stopping at the first
    /// bad one.
    private func check(through last: UInt64?, in environment: LMDBEnvironment) throws {
        // A local copy, written back at the end: a stored property of a class mutated per record pays for a
        // dynamic exclusivity check each time.
        var chain = self.chain
        defer { self.chain = chain }
        try environment.read { transaction in
            try transaction.withCursor(on: events) { cursor in
                // From the very first key at the start, so that a stray key sorting before number 1 is seen.
                let start = chain.expected == 1 ? nil : BigEndianKey.bytes(chain.expected)
                try cursor.forEach(from: start) { key, record in
                    guard chain.expected <= (last ?? bound.load(ordering: .relaxed)) else { return false }
                    if let problem = chain.check(key: key, record: record) {
                        failure = problem
                        failedAt.store(problem.sequence, ordering: .relaxed)
                        return false
                    }
                    return true
                }
            }
        }
    }
}

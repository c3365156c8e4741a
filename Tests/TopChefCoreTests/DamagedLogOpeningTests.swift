import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore

/// Opening a log for serving verifies every event, not just the last: damage in the middle of the log is
/// refused with the store's damaged-log error naming the first bad event, never served as if sound.
struct DamagedLogOpeningTests {
    static let schema = Array(#"{"type":"object"}"#.utf8)

    /// A closed log of four events: 1 service registered, 2 job J submitted with `{"label":"rabi_01"}`,
    /// 3 job K submitted, 4 job J started.
    static func writeLog(into directory: String) async throws -> UUID {
        let broker = try Broker.open(directory: directory)
        defer { broker.close() }
        let service = try await broker.registerService(
            RegisterService(name: "fit", description: "", parametersSchema: schema, resultsSchema: schema))
        let job = try await broker.submitJob(
            SubmitJob(serviceID: service.id, parameters: Array(#"{"label":"rabi_01"}"#.utf8)))
        _ = try await broker.submitJob(SubmitJob(serviceID: service.id, parameters: Array(#"{"label":"ramsey"}"#.utf8)))
        _ = try await broker.updateJob(UpdateJob(jobID: job.id, status: .working))
        #expect(broker.store.lastSequence == 4)
        return job.id
    }

    /// Expects `body` to throw the damaged-log error for `directory` at `sequence`, its reason containing
    /// `reason`, in one line that points to `topchef verify`.
    static func expectDamaged(
        _ directory: String, at sequence: UInt64, _ reason: String, _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("a log damaged at \(sequence) was accepted")
        } catch let error as EventStoreError {
            guard case .damaged(let path, let found, let why) = error else {
                Issue.record("not the damaged-log error: \(error)")
                return
            }
            #expect(path == directory && found == sequence && why.contains(reason), "\(error)")
            #expect(!error.description.contains("\n") && error.description.contains("run `topchef verify`"))
        } catch {
            Issue.record("not the damaged-log error: \(error)")
        }
    }

    /// A letter of the parameters changed, or the closing quote of a string (then the payload is no longer
    /// JSON, and the open must still say that the record is damaged, not that it does not parse).
    @Test(arguments: [("rabi_01", "rabi_02"), (#"01"}"#, #"01x}"#)])
    func aByteChangedInAMiddleEventsParametersIsRefused(change: (String, String)) async throws {
        let directory = TemporaryDirectory()
        _ = try await Self.writeLog(into: directory.path)
        try LogTampering.replace(change.0, with: change.1, in: directory.path, sequence: 2)
        Self.expectDamaged(directory.path, at: 2, "its hash does not match its content") {
            _ = try Broker.open(directory: directory.path)
        }
        // Refused without writing: the log still opens read-only, and is still refused after.
        _ = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
        Self.expectDamaged(directory.path, at: 2, "its hash does not match its content") {
            _ = try Broker.open(directory: directory.path)
        }
    }

    /// A record rewritten with a previous hash that is not its predecessor's, under a fresh hash of its own:
    /// only the chain gives it away, in the middle of the log and at its first event alike.
    @Test(arguments: [
        (3 as UInt64, UInt8(7), "its previous hash is not the hash of event 2: the chain is broken"),
        (1 as UInt64, UInt8(1), "its previous hash is not the genesis hash"),
    ])
    func anEventRelinkedUnderAFreshHashIsRefused(sequence: UInt64, filler: UInt8, reason: String) async throws {
        let directory = TemporaryDirectory()
        _ = try await Self.writeLog(into: directory.path)
        try LogTampering.relink(directory.path, sequence: sequence, previousHash: [UInt8](repeating: filler, count: 32))
        Self.expectDamaged(directory.path, at: sequence, reason) {
            _ = try Broker.open(directory: directory.path)
        }
    }

    @Test func aReplayUpToAPointBeforeTheDamageStillWorks() async throws {
        let directory = TemporaryDirectory()
        let job = try await Self.writeLog(into: directory.path)
        try LogTampering.replace("ramsey", with: "ramsex", in: directory.path, sequence: 3)
        let store = try LMDBEventStore(path: directory.path, options: .init(readOnly: true))
        let before = try Broker.replay(store, until: 2)
        #expect(before.lastSequence == 2 && before.job(job)?.parameters == Array(#"{"label":"rabi_01"}"#.utf8))
        Self.expectDamaged(directory.path, at: 3, "its hash does not match its content") {
            _ = try Broker.replay(store, until: 3)
        }
        Self.expectDamaged(directory.path, at: 3, "its hash does not match its content") {
            _ = try Broker.replay(store)
        }
    }

    @Test func aSoundLogReplaysTheSameWithAndWithoutVerification() async throws {
        let directory = TemporaryDirectory()
        let job = try await Self.writeLog(into: directory.path)
        let broker = try Broker.open(directory: directory.path)
        defer { broker.close() }
        #expect(broker.projection.read { $0.job(job)?.status } == .working)
        let verified = try Broker.replay(broker.store)
        #expect(ProjectionViews(verified) == ProjectionViews(try Broker.replay(broker.store, verifyingChain: false)))
        #expect(ProjectionViews(verified) == ProjectionViews(broker.projection.snapshot))
    }
}

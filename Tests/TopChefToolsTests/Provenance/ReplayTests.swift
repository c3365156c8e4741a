import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore
import TopChefTools

struct ReplayTests {
    /// The parts of a state that the API shows.
    static func view(_ state: ProjectionState) -> [String] {
        var state = state
        var lines = state.allServices.map { "service \($0.id) \($0.name) \($0.isAvailable) v\($0.streamVersion)" }
        for job in state.jobs(after: nil, limit: .max) ?? [] {
            lines.append(
                "job \(job.id) \(job.status) \(job.results.map { String(decoding: $0, as: UTF8.self) } ?? "-") v\(job.streamVersion)"
            )
        }
        for service in state.allServices {
            lines.append("queue \(service.id) \((state.queue(ofService: service.id, limit: 100) ?? []).map(\.id))")
        }
        lines.append("counts \(JobStatus.allCases.map { state.jobCounts[$0, default: 0] })")
        lines.append("last \(state.lastSequence)")
        return lines
    }

    @Test func replayUntilTheMiddleMatchesWhatTheBrokerHadThen() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        let bySequence = try Replay.run(store, until: .sequence(6))
        #expect(bySequence.eventCount == 6)
        #expect(Self.view(bySequence.state) == Self.view(scenario.snapshotAfter6))
        #expect(bySequence.violations.isEmpty)
        // Events 5 and 6 were recorded at second 5; event 7 at second 6.
        let byTime = try Replay.run(store, until: .time(Scenario.time(5.5)))
        #expect(Self.view(byTime.state) == Self.view(scenario.snapshotAfter6))
        #expect(byTime.lastRecordedAt == Scenario.time(5))
    }

    @Test func fullReplayMatchesTheBrokerAndHoldsTheInvariants() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let broker = try Broker.open(directory: scenario.directory)
        let expected = Self.view(broker.projection.snapshot)
        broker.close()
        let report = try Replay.run(try LogAccess.openReadOnly(scenario.directory))
        #expect(report.eventCount == 11)
        #expect(Self.view(report.state) == expected)
        #expect(report.violations.isEmpty)
        #expect(report.violationCount == 0)
        #expect(try Replay.run(try LogAccess.openReadOnly(scenario.directory), until: .sequence(0)).eventCount == 0)
    }

    @Test func logPointsParseNumbersAndTimes() {
        #expect(LogPoint(parsing: "42") == .sequence(42))
        #expect(LogPoint(parsing: "2026-03-01T12:00:05Z") == .time(Scenario.time(5)))
        #expect(LogPoint(parsing: "2026-03-01") == .time(Timestamp(iso8601: "2026-03-01T00:00:00Z")!))
        #expect(LogPoint(parsing: "yesterday") == nil)
    }
}

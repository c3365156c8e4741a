import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore
import TopChefTools

struct LogToolsTests {
    @Test func generatedLogsVerifyAndReplayWithoutViolations() async throws {
        let scratch = TemporaryDirectory()
        let directory = scratch.appending("log")
        let written = try await LogGenerator.generate(directory: directory, plan: .init(services: 3, jobs: 100))
        #expect(written == 3 + 70 * 4 + 20 * 3 + 10)
        #expect(try LogVerifier.verify(directory: directory).failure == nil)
        let report = try Replay.run(try LogAccess.openReadOnly(directory))
        #expect(report.violations.isEmpty)
        #expect(report.state.jobCounts == [.completed: 70, .error: 20, .registered: 10, .working: 0])
        #expect(LogGenerator.Plan.events(1_000_000, services: 10).jobs == 285_711)
    }

    @Test func eventFilterSelectsByRangeStreamTypeAndTime() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        func sequences(_ filter: EventFilter) throws -> [UInt64] {
            var found: [UInt64] = []
            try filter.forEach(in: store) { recorded, _ in found.append(recorded.sequence) }
            return found
        }
        #expect(try sequences(try EventFilter(from: 3, to: 5)) == [3, 4, 5])
        #expect(try sequences(try EventFilter(stream: scenario.jobA.uuidString)) == [2, 4, 5, 6])
        #expect(try sequences(try EventFilter(stream: "service-" + scenario.service.lowercasedString)) == [1, 7])
        #expect(try sequences(try EventFilter(type: "jobstatuschanged")) == [4, 6, 9])
        #expect(try sequences(try EventFilter(since: Scenario.time(8))) == [9, 10, 11])
        #expect(
            try sequences(try EventFilter(from: 2, to: 8, type: "JobSubmitted", since: Scenario.time(1.5))) == [3, 8])
        // Any id spelling the HTTP API accepts, bare or in a stream name.
        let undashed = scenario.jobA.uuidString.replacingOccurrences(of: "-", with: "")
        #expect(try sequences(try EventFilter(stream: undashed)) == [2, 4, 5, 6])
        #expect(try sequences(try EventFilter(stream: "job-{\(scenario.jobA.uuidString)}")) == [2, 4, 5, 6])
    }

    /// A filter that can match nothing is a typo: refused, not an empty listing with exit 0.
    @Test func aStreamOrTypeThatCannotMatchIsRefused() {
        for (stream, type) in [("nope", nil), ("", nil), ("job-nope", nil), (nil, "Bogus"), (nil, "")]
            as [(String?, String?)]
        {
            #expect(throws: ToolError.self, "\(String(describing: stream)) \(String(describing: type))") {
                try EventFilter(stream: stream, type: type)
            }
        }
        #expect(
            throws: ToolError(
                .invalidArgument,
                "--type Bogus: expected one of ServiceRegistered, ServiceUpdated, JobSubmitted, JobStatusChanged, JobResultsRecorded"
            )
        ) {
            try EventFilter(type: "Bogus")
        }
    }

    @Test func textFormsNameEveryStep() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        var lines: [String] = []
        try EventFilter(from: 4, to: 4).forEach(in: store) { lines.append(EventText.line($0, $1)) }
        #expect(
            lines == [
                "#4  2026-03-01T12:00:03.500000Z  job-aaaaaaaa-0000-0000-0000-000000000001  v2  JobStatusChanged  "
                    + "REGISTERED -> WORKING"
            ])
        let reader = ProvenanceReader(store: store)
        let job = HistoryText.job(try await reader.jobHistory(scenario.jobA))
        #expect(job.contains("Job aaaaaaaa-0000-0000-0000-000000000001  COMPLETED"))
        #expect(job.contains("#4        v2   2026-03-01T12:00:03.500000Z  +2.5 s"))
        #expect(job.contains("4 events, 4 s from submission to the last"))
        #expect(job.contains(#""fit" 11111111-1111-1111-1111-111111111111, as at submission"#))
        let service = HistoryText.service(try await reader.serviceHistory(scenario.service))
        #expect(service.contains("3 jobs: 1 REGISTERED, 1 COMPLETED, 1 ERROR"))
        let summary = ReplayText.summary(try Replay.run(store, until: .sequence(6)), point: .sequence(6))
        #expect(
            summary.hasPrefix(
                "Replayed 6 events up to sequence number 6 (last: #6, recorded 2026-03-01T12:00:05.000000Z)"))
        #expect(summary.contains("invariants hold"))
    }
}

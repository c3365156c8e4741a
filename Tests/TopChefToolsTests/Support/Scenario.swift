import EventStore
import Foundation
import TopChefCore

/// A small, fully known history written through the real broker into a real log:
///
/// | seq | time (s) | event |
/// |---|---|---|
/// | 1 | 0   | service "fit" registered |
/// | 2 | 1   | job A submitted `{"a":{"b":1},"c":"x"}` |
/// | 3 | 2   | job B submitted `{"a":{"b":2.50},"c":"y","d":[1,2]}` |
/// | 4 | 3.5 | A REGISTERED → WORKING |
/// | 5 | 5   | A results `{"energy":-1.5,"fit":{"ok":true}}` |
/// | 6 | 5   | A WORKING → COMPLETED |
/// | 7 | 6   | service renamed "fit v2", available |
/// | 8 | 7   | job C submitted `{"a":{"b":3},"c":"z"}` |
/// | 9 | 8.25| B REGISTERED → ERROR |
/// | 10| 9   | service "other" registered |
/// | 11| 10  | job D (of "other") submitted `{"n":1}` |
struct Scenario {
    static let start = Timestamp(iso8601: "2026-03-01T12:00:00Z")!
    static let parametersSchema = Array(#"{"type":"object"}"#.utf8)
    static let resultsSchema = Array(#"{"type":"object","required":["energy"]}"#.utf8)

    let service = UUID(uuidString: "11111111-1111-1111-1111-111111111111")!
    let other = UUID(uuidString: "22222222-2222-2222-2222-222222222222")!
    let jobA = UUID(uuidString: "aaaaaaaa-0000-0000-0000-000000000001")!
    let jobB = UUID(uuidString: "bbbbbbbb-0000-0000-0000-000000000002")!
    let jobC = UUID(uuidString: "cccccccc-0000-0000-0000-000000000003")!
    let jobD = UUID(uuidString: "dddddddd-0000-0000-0000-000000000004")!
    let directory: String
    /// The broker's projection right after event 6 (the middle of the story).
    let snapshotAfter6: ProjectionState

    /// The time of the scenario's second `seconds`.
    static func time(_ seconds: Double) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + Int64((seconds * 1e6).rounded()))
    }

    /// Writes the scenario into `directory` and closes the log.
    static func write(into directory: String, options: LMDBEventStore.Options = .init()) async throws -> Scenario {
        let clock = ManualClock(start)
        let broker = try Broker.open(directory: directory, options: options, clock: clock.function)
        let ids = Scenario(directory: directory, snapshotAfter6: ProjectionState())
        func at(_ seconds: Double) { clock.set(time(seconds)) }
        at(0)
        _ = try await broker.registerService(
            RegisterService(
                serviceID: ids.service, name: "fit", description: "fits things", parametersSchema: parametersSchema,
                resultsSchema: resultsSchema, timeoutSeconds: 30))
        at(1)
        _ = try await broker.submitJob(
            SubmitJob(jobID: ids.jobA, serviceID: ids.service, parameters: Array(#"{"a":{"b":1},"c":"x"}"#.utf8)))
        at(2)
        _ = try await broker.submitJob(
            SubmitJob(
                jobID: ids.jobB, serviceID: ids.service, parameters: Array(#"{"a":{"b":2.50},"c":"y","d":[1,2]}"#.utf8))
        )
        at(3.5)
        _ = try await broker.updateJob(UpdateJob(jobID: ids.jobA, status: .working))
        at(5)
        _ = try await broker.updateJob(
            UpdateJob(jobID: ids.jobA, status: .completed, results: Array(#"{"energy":-1.5,"fit":{"ok":true}}"#.utf8)))
        let snapshot = broker.projection.snapshot
        at(6)
        _ = try await broker.updateService(UpdateService(serviceID: ids.service, name: "fit v2", isAvailable: true))
        at(7)
        _ = try await broker.submitJob(
            SubmitJob(jobID: ids.jobC, serviceID: ids.service, parameters: Array(#"{"a":{"b":3},"c":"z"}"#.utf8)))
        at(8.25)
        _ = try await broker.updateJob(UpdateJob(jobID: ids.jobB, status: .error))
        at(9)
        _ = try await broker.registerService(
            RegisterService(
                serviceID: ids.other, name: "other", description: "", parametersSchema: parametersSchema,
                resultsSchema: parametersSchema))
        at(10)
        _ = try await broker.submitJob(
            SubmitJob(jobID: ids.jobD, serviceID: ids.other, parameters: Array(#"{"n":1}"#.utf8)))
        broker.close()
        return Scenario(directory: directory, snapshotAfter6: snapshot)
    }
}

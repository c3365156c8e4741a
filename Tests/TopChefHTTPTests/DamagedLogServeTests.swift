import Foundation
import TestSupport
import Testing
import TopChefCore

/// `topchef serve` refuses a log whose chain does not verify: it exits non-zero with one line on stderr that
/// names the log, the first bad event and what is wrong, instead of serving altered provenance.
@Suite("topchef serve on a damaged log", .serialized)
struct DamagedLogServeTests {
    @Test(.enabled(if: topchefExecutable != nil, "the topchef executable is not built beside the tests"))
    func aServerRefusesALogChangedInTheMiddle() async throws {
        let executable = try #require(topchefExecutable)
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        do {
            let schema = Array(#"{"type":"object"}"#.utf8)
            let broker = try Broker.open(directory: directory.path)
            defer { broker.close() }
            let service = try await broker.registerService(
                RegisterService(name: "fit", description: "", parametersSchema: schema, resultsSchema: schema))
            let job = try await broker.submitJob(
                SubmitJob(serviceID: service.id, parameters: Array(#"{"label":"rabi_01"}"#.utf8)))
            _ = try await broker.submitJob(SubmitJob(serviceID: service.id, parameters: Array("{}".utf8)))
            _ = try await broker.updateJob(UpdateJob(jobID: job.id, status: .working))
        }
        // The closing quote of the label: served, the job's JSON would not even parse.
        try LogTampering.replace(#"01"}"#, with: #"01x}"#, in: directory.path, sequence: 2)

        let refused = try await ServerProcess.runUntilExit(executable: executable, directory: directory.path)
        #expect(refused.status != 0)
        #expect(
            refused.standardError
                == "Error: \(directory.path): the event log is damaged at sequence number 2: its hash does not match "
                + "its content (run `topchef verify` for details)\n")
    }
}

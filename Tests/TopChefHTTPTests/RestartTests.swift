import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// The log is the state: a server started again on the same directory answers every GET the same.
@Suite("restart")
struct RestartTests {
    @Test func everyGetAnswersTheSameAfterARestart() async throws {
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let paths = try await withTopChef(directory: directory) { client -> [String] in
            let first = try await client.registerService()
            let second = try await client.registerService(name: "Second", results: #"{"type":"object"}"#)
            var jobs: [String] = []
            for value in 1...12 {
                jobs.append(try await client.submitJob(first, parameters: #"{"value":\#(value % 10 + 1)}"#))
            }
            jobs.append(try await client.submitJob(second))
            _ = try await client.send(.patch, "/jobs/\(jobs[0])", json: #"{"status":"WORKING"}"#)
            _ = try await client.send(
                .patch, "/jobs/\(jobs[1])", json: #"{"status":"COMPLETED","results":{"count":1}}"#)
            _ = try await client.send(.patch, "/jobs/\(jobs[2])", json: #"{"status":"WORKING"}"#)
            _ = try await client.send(.patch, "/jobs/\(jobs[2])", json: #"{"status":"REGISTERED"}"#)
            _ = try await client.send(.put, "/jobs/\(jobs[12])", json: #"{"status":"ERROR","result":{"why":"x"}}"#)
            _ = try await client.send(
                .patch, "/services/\(second)", json: #"{"is_available":true,"timeout":120,"name":"Renamed"}"#)
            _ = try await client.send(.patch, "/services/\(first)")
            var paths = ["/", "/services", "/jobs", "/jobs?limit=5", "/validator"]
            for service in [first, second] {
                paths += [
                    "/services/\(service)", "/services/\(service)/jobs", "/services/\(service)/queue",
                    "/services/\(service)/jobs/next",
                ]
            }
            paths += jobs.map { "/jobs/\($0)" }
            return paths
        }
        let before = try await readAll(paths, directory: directory)
        let after = try await readAll(paths, directory: directory)
        #expect(before.count == paths.count)
        for (path, response) in before {
            #expect(after[path] == response, "GET \(path) changed across the restart")
        }
    }

    private func readAll(_ paths: [String], directory: TemporaryDirectory) async throws -> [String: String] {
        try await withTopChef(directory: directory) { client in
            var responses: [String: String] = [:]
            for path in paths {
                let response = try await client.send(.get, path)
                responses[path] = "\(response.status) \(response.text)"
            }
            return responses
        }
    }
}

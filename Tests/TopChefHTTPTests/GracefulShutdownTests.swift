import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// SIGTERM stops a real `topchef serve` gracefully: a request already in flight is answered and its
/// write kept, and only then does the process exit, with status 0.
@Suite("graceful shutdown of a real server process", .serialized)
struct GracefulShutdownTests {
    @Test(.enabled(if: topchefExecutable != nil, "the topchef executable is not built beside the tests"))
    func aSubmissionInFlightAtSIGTERMIsAnsweredAndKept() async throws {
        let executable = try #require(topchefExecutable)
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let server = try await ServerProcess(executable: executable, directory: directory.path)
        let serviceID = try await server.registerService()
        // The request's head and half its body are on the wire when the signal comes: it is in flight.
        let body = #"{"parameters":{"marker":"in flight at SIGTERM"}}"#
        let (runningAfterSignal, response) = try await onThread { () -> (Bool, RawResponse) in
            let half = body.utf8.count / 2
            let connection = try RawHTTPConnection(port: server.port, timeoutSeconds: 10)
            try connection.write(
                "POST /services/\(serviceID)/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n" + String(body.prefix(half)))
            usleep(300_000)
            server.kill(SIGTERM)
            usleep(500_000)
            let running = server.process.isRunning
            try connection.write(String(body.dropFirst(half)))
            return (running, try connection.readResponse())
        }
        #expect(runningAfterSignal, "the server exited with a request in flight")
        #expect(response.status == 201)
        let jobID = try #require(response.header("location")?.split(separator: "/").last.map(String.init))
        #expect(try await server.waitForExit(seconds: 15) == 0)

        let restarted = try await ServerProcess(executable: executable, directory: directory.path)
        let job = try await onThread { try RawHTTPConnection(port: restarted.port).request("GET", "/jobs/\(jobID)") }
        #expect(job.status == 200)
        let parameters = (job.object["data"] as? [String: Any])?["parameters"] as? [String: Any]
        #expect(parameters?["marker"] as? String == "in flight at SIGTERM")
        restarted.kill(SIGTERM)
        #expect(try await restarted.waitForExit(seconds: 10) == 0)
    }
}

import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real `topchef serve` process, killed with SIGKILL under load: every job it acknowledged with a 201
/// is there after a restart, with its parameters. Then SIGTERM stops it gracefully.
@Suite("crash and shutdown of a real server process", .serialized)
struct CrashTests {
    @Test(.enabled(if: topchefExecutable != nil, "the topchef executable is not built beside the tests"))
    func acknowledgedJobsSurviveSIGKILL() async throws {
        let executable = try #require(topchefExecutable)
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let first = try await ServerProcess(executable: executable, directory: directory.path)
        let serviceID = try await first.registerService(parametersSchema: #"{"type":"object"}"#)
        let acknowledged = Mutex<[(id: String, marker: Int)]>([])
        let writers = (0..<8).map { writer in
            Thread.detachedWorker {
                guard let connection = try? RawHTTPConnection(port: first.port, timeoutSeconds: 5) else { return }
                for index in 0..<100_000 {
                    let marker = writer * 1_000_000 + index
                    guard
                        let response = try? connection.request(
                            "POST", "/services/\(serviceID)/jobs", headers: ["Content-Type: application/json"],
                            body: #"{"parameters":{"marker":\#(marker),"text":"job \#(marker)"}}"#),
                        response.status == 201, let id = response.header("location")?.split(separator: "/").last
                    else { return }
                    acknowledged.withLock { $0.append((String(id), marker)) }
                }
            }
        }
        // Kill it mid-stream: once a few hundred jobs are acknowledged (however busy the machine is), after
        // a moment more so that submissions are in flight at every stage.
        for _ in 0..<600 where acknowledged.withLock({ $0.count }) < 300 {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(200))
        first.kill(SIGKILL)
        for writer in writers { await writer.value }
        let jobs = acknowledged.withLock { $0 }
        #expect(jobs.count > 0)

        let second = try await ServerProcess(executable: executable, directory: directory.path)
        let missing = try await onThread { () -> [String] in
            let connection = try RawHTTPConnection(port: second.port)
            var missing: [String] = []
            for job in jobs {
                let response = try connection.request("GET", "/jobs/\(job.id)")
                let parameters = (response.object["data"] as? [String: Any])?["parameters"] as? [String: Any]
                if response.status != 200 || parameters?["marker"] as? Int != job.marker
                    || parameters?["text"] as? String != "job \(job.marker)"
                {
                    missing.append(job.id)
                }
            }
            return missing
        }
        #expect(missing.isEmpty, "\(missing.count) of \(jobs.count) acknowledged jobs are missing")
        second.kill(SIGTERM)
        #expect(try await second.waitForExit(seconds: 10) == 0)
    }
}

extension Thread {
    /// Runs `work` on a new thread; the task's value is available when it ends.
    static func detachedWorker(_ work: @escaping @Sendable () -> Void) -> Task<Void, Never> {
        Task {
            try? await onThread { work() }
        }
    }
}

import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real `topchef serve` process, killed with SIGKILL under load: every job it acknowledged with a 201
/// is there after a restart, with its parameters. Then SIGTERM stops it gracefully.
@Suite("crash and shutdown of a real server process", .serialized)
struct CrashTests {
    /// The `topchef` executable built beside this test bundle, if any.
    static var executable: String? {
        let bundle = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
        let candidate = bundle.deletingLastPathComponent().appendingPathComponent("topchef").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    @Test(.enabled(if: executable != nil, "the topchef executable is not built beside the tests"))
    func acknowledgedJobsSurviveSIGKILL() async throws {
        let executable = try #require(Self.executable)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try ServerProcess(executable: executable, directory: directory.path)
        let serviceID = try await onThread { () -> String in
            let connection = try RawHTTPConnection(port: first.port)
            let response = try connection.request(
                "POST", "/services", headers: ["Content-Type: application/json"],
                body:
                    #"{"name":"crash","description":"d","job_registration_schema":{"type":"object"},"job_result_schema":{}}"#
            )
            guard response.status == 201, let id = response.header("location")?.split(separator: "/").last else {
                throw TestFailure("registration failed: \(response.status)")
            }
            return String(id)
        }
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
        try await Task.sleep(for: .milliseconds(1_500))
        first.kill(SIGKILL)
        for writer in writers { await writer.value }
        let jobs = acknowledged.withLock { $0 }
        #expect(jobs.count > 0)

        let second = try ServerProcess(executable: executable, directory: directory.path)
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

/// `topchef serve` on a free port of 127.0.0.1, started and waited for.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int

    init(executable: String, directory: String) throws {
        port = try Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--port", String(port), "--data-dir", directory, "--log-level", "warning"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if let connection = try? RawHTTPConnection(port: port, timeoutSeconds: 2),
                (try? connection.request("GET", "/"))?.status == 200
            {
                return
            }
            usleep(50_000)
        }
        process.terminate()
        throw TestFailure("topchef serve did not answer on port \(port)")
    }

    func kill(_ signal: Int32) {
        Glibc.kill(process.processIdentifier, signal)
    }

    /// The exit status once the process has ended.
    func waitForExit(seconds: Int) async throws -> Int32 {
        for _ in 0..<(seconds * 20) {
            if !process.isRunning { return process.terminationStatus }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("the server did not stop within \(seconds) s")
    }

    deinit {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
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

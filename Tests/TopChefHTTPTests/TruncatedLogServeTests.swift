import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `topchef serve` refuses to start on a log whose data.mdb was cut short: one line on stderr, a non-zero
/// exit, nothing written. Without the check at open LMDB maps the file and the server dies with SIGBUS.
@Suite("serve refuses a truncated log", .serialized)
struct TruncatedLogServeTests {
    /// Every file in `path` with its bytes.
    func contents(of path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            result[name] = FileManager.default.contents(atPath: path + "/" + name)
        }
        return result
    }

    /// Runs a server on `directory`, registers a service and submits jobs to it, and stops it gracefully.
    func writeLog(executable: String, directory: String) async throws {
        let server = try await ServerProcess(executable: executable, directory: directory)
        let port = server.port
        try await onThread {
            let connection = try RawHTTPConnection(port: port)
            let response = try connection.request(
                "POST", "/services", headers: ["Content-Type: application/json"],
                body: #"{"name":"s","description":"d","job_registration_schema":{},"job_result_schema":{}}"#)
            guard response.status == 201, let id = response.header("location")?.split(separator: "/").last else {
                throw TestFailure("registration failed: \(response.status)")
            }
            for index in 0..<20 {
                let job = try connection.request(
                    "POST", "/services/\(id)/jobs", headers: ["Content-Type: application/json"],
                    body: #"{"parameters":{"n":\#(index),"text":"\#(String(repeating: "y", count: 3000))"}}"#)
                guard job.status == 201 else { throw TestFailure("submission failed: \(job.status)") }
            }
        }
        server.kill(SIGTERM)
        #expect(try await server.waitForExit(seconds: 20) == 0)
    }

    @Test(.enabled(if: topchefExecutable != nil, "the topchef executable is not built beside the tests"))
    func serveRefusesATruncatedLogWithOneLine() async throws {
        let executable = try #require(topchefExecutable)
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        try await writeLog(executable: executable, directory: directory.path)
        for size in [40000, 20000, 8192, 4096, 100] {
            let handle = try #require(FileHandle(forWritingAtPath: directory.appending("data.mdb")))
            try handle.truncate(atOffset: UInt64(size))
            try handle.close()
            let before = try contents(of: directory.path)
            let outcome = try await ServerProcess.runUntilExit(executable: executable, directory: directory.path)
            #expect(outcome.status != 0, "size \(size)")
            #expect(
                outcome.standardError.hasPrefix(
                    "Error: \(directory.path): the event log is damaged: data.mdb is \(size) bytes, shorter than the "),
                "size \(size): \(outcome.standardError)")
            #expect(outcome.standardError.hasSuffix(" (the file was truncated)\n"), "size \(size)")
            #expect(outcome.standardError.split(separator: "\n").count == 1, "size \(size)")
            #expect(try contents(of: directory.path) == before, "size \(size): serve must not write to the log")
        }
    }
}

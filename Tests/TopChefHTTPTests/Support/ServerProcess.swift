import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The `topchef` executable built beside this test bundle, if any.
let topchefExecutable = builtExecutable(named: "topchef")

/// `topchef serve` on a free port of 127.0.0.1, started and waited for.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int

    /// Starts `executable serve` on `directory`, with `arguments` after the usual ones and `environment`
    /// added to this process's, and waits (on a thread of its own: see ``onThread(_:)``) until it answers.
    init(
        executable: String, directory: String, arguments: [String] = [], environment: [String: String] = [:]
    ) async throws {
        port = try Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            ["serve", "--port", String(port), "--data-dir", directory, "--log-level", "warning"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let answered = try await onThread { [port] in
            for _ in 0..<200 {
                if let connection = try? RawHTTPConnection(port: port, timeoutSeconds: 2),
                    (try? connection.request("GET", "/"))?.status == 200
                {
                    return true
                }
                usleep(50_000)
            }
            return false
        }
        guard answered else {
            process.terminate()
            throw TestFailure("topchef serve did not answer on port \(port)")
        }
    }

    /// Runs `executable serve` on `directory` on a free port, for a server that is expected to refuse to
    /// start: its exit status and standard error once it has ended, or a failure after `seconds`.
    static func runUntilExit(executable: String, directory: String, seconds: Int = 30) async throws -> (
        status: Int32, standardError: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--port", String(try freePort()), "--data-dir", directory]
        process.standardOutput = FileHandle.nullDevice
        let standardError = Pipe()
        process.standardError = standardError
        try process.run()
        for _ in 0..<(seconds * 20) where process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
        }
        guard !process.isRunning else {
            Glibc.kill(process.processIdentifier, SIGKILL)
            throw TestFailure("topchef serve on \(directory) was still running after \(seconds) s")
        }
        let output = standardError.fileHandleForReading.readDataToEndOfFile()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Registers a service whose job parameters must satisfy `parametersSchema` and returns its id.
    func registerService(parametersSchema: String = "{}") async throws -> String {
        try await onThread { [port] () -> String in
            let response = try RawHTTPConnection(port: port).request(
                "POST", "/services", headers: ["Content-Type: application/json"],
                body:
                    #"{"name":"s","description":"d","job_registration_schema":\#(parametersSchema),"job_result_schema":{}}"#
            )
            guard response.status == 201, let id = response.header("location")?.split(separator: "/").last else {
                throw TestFailure("registration failed: \(response.status)")
            }
            return String(id)
        }
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

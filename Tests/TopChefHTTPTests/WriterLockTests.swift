import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One server per data directory: a second `topchef serve` on it is refused with one line on stderr while
/// the first keeps serving, and a server killed with SIGKILL leaves nothing that stops the next one.
@Suite("one writer per data directory", .serialized)
struct WriterLockTests {
    /// The statuses of GET /services/`id` and of a job submitted to it.
    func readAndWrite(port: Int, serviceID: String) async throws -> (read: Int, write: Int) {
        try await onThread {
            let connection = try RawHTTPConnection(port: port)
            let read = try connection.request("GET", "/services/\(serviceID)").status
            let write = try connection.request(
                "POST", "/services/\(serviceID)/jobs", headers: ["Content-Type: application/json"],
                body: #"{"parameters":{}}"#
            ).status
            return (read, write)
        }
    }

    @Test(.enabled(if: topchefExecutable != nil, "the topchef executable is not built beside the tests"))
    func aSecondServerOnTheSameDirectoryIsRefused() async throws {
        let executable = try #require(topchefExecutable)
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let first = try await ServerProcess(executable: executable, directory: directory.path)
        defer { first.kill(SIGKILL) }
        let serviceID = try await first.registerService()

        let second = try await ServerProcess.runUntilExit(executable: executable, directory: directory.path)
        #expect(second.status != 0)
        let pid = first.process.processIdentifier
        #expect(
            second.standardError
                == "Error: \(directory.path): another TopChef process (pid \(pid)) is already writing to this log "
                + "(lock \(directory.path)/writer.lock held)\n")

        let after = try await readAndWrite(port: first.port, serviceID: serviceID)
        #expect(after.read == 200 && after.write == 201, "the first server must keep serving: \(after)")
    }

    @Test(.enabled(if: topchefExecutable != nil, "the topchef executable is not built beside the tests"))
    func aServerKilledWithSIGKILLLeavesTheDirectoryFree() async throws {
        let executable = try #require(topchefExecutable)
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let first = try await ServerProcess(executable: executable, directory: directory.path)
        let serviceID = try await first.registerService()
        first.kill(SIGKILL)
        _ = try await first.waitForExit(seconds: 10)

        // The kernel dropped the dead server's lock; its pid is still in the file, which must not matter.
        let second = try await ServerProcess(executable: executable, directory: directory.path)
        defer { second.kill(SIGKILL) }
        let after = try await readAndWrite(port: second.port, serviceID: serviceID)
        #expect(after.read == 200 && after.write == 201, "\(after)")
    }
}
